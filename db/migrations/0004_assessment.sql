CREATE TABLE "month_assessments" (
	"close_id" uuid NOT NULL,
	"manager_id" uuid NOT NULL,
	"unit_id" uuid,
	"figures" jsonb NOT NULL,
	"gaps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"score" real NOT NULL,
	"grade" text NOT NULL,
	CONSTRAINT "month_assessments_close_id_manager_id_pk" PRIMARY KEY("close_id","manager_id")
);
--> statement-breakpoint
CREATE TABLE "month_closes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"month" text NOT NULL,
	"version" integer NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verdict_watermark" bigint NOT NULL,
	"ledger_watermark" bigint NOT NULL,
	"policies" jsonb NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"totals" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "month_status" (
	"month" text PRIMARY KEY NOT NULL,
	"closed_version" integer,
	"changed_since_close" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"manager_id" uuid NOT NULL,
	"customer_id" uuid,
	"month" text NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"points" integer NOT NULL,
	"cause" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_findings" (
	"visit_id" uuid NOT NULL,
	"code" text NOT NULL,
	"severity" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_found_at" timestamp with time zone DEFAULT now() NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_findings_visit_id_code_pk" PRIMARY KEY("visit_id","code")
);
--> statement-breakpoint
CREATE TABLE "visit_verdicts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"visit_id" uuid NOT NULL,
	"manager_id" uuid NOT NULL,
	"month" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"final" boolean NOT NULL,
	"reasons" jsonb NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cause" text NOT NULL,
	"cause_id" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "month_assessments" ADD CONSTRAINT "month_assessments_close_id_month_closes_id_fk" FOREIGN KEY ("close_id") REFERENCES "public"."month_closes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "month_assessments" ADD CONSTRAINT "month_assessments_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "month_assessments" ADD CONSTRAINT "month_assessments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "month_closes" ADD CONSTRAINT "month_closes_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_findings" ADD CONSTRAINT "visit_findings_visit_id_visit_reports_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_verdicts" ADD CONSTRAINT "visit_verdicts_visit_id_visit_reports_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_verdicts" ADD CONSTRAINT "visit_verdicts_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_verdicts" ADD CONSTRAINT "visit_verdicts_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "month_closes_month_version_index" ON "month_closes" USING btree ("month","version");--> statement-breakpoint
CREATE INDEX "points_ledger_manager_id_month_index" ON "points_ledger" USING btree ("manager_id","month");--> statement-breakpoint
CREATE INDEX "points_ledger_month_key_index" ON "points_ledger" USING btree ("month","key");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_verdicts_visit_id_version_index" ON "visit_verdicts" USING btree ("visit_id","version");--> statement-breakpoint
CREATE INDEX "visit_verdicts_manager_id_month_index" ON "visit_verdicts" USING btree ("manager_id","month");--> statement-breakpoint
CREATE INDEX "visit_verdicts_month_index" ON "visit_verdicts" USING btree ("month");