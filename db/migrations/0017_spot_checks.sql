CREATE TABLE "manager_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"manager_id" uuid NOT NULL,
	"unit_id" uuid,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_by" uuid,
	"clear_reason" text,
	CONSTRAINT "manager_flags_cleared_with_reason" CHECK ("manager_flags"."cleared_at" is null or ("manager_flags"."cleared_by" is not null and length("manager_flags"."clear_reason") > 0))
);
--> statement-breakpoint
CREATE TABLE "penalty_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"manager_id" uuid NOT NULL,
	"unit_id" uuid,
	"month" text NOT NULL,
	"spot_check_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_yuan" integer NOT NULL,
	"cause" text NOT NULL,
	"cause_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reverses" bigint,
	"source_type" text NOT NULL,
	"source_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spot_check_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"spot_check_id" uuid NOT NULL,
	"plan_item_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid,
	"planned_at" timestamp with time zone NOT NULL,
	"draw" double precision NOT NULL,
	"reason_code" text NOT NULL,
	"reason_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"finding" text,
	"finding_at" timestamp with time zone,
	"matched_visit_id" uuid
);
--> statement-breakpoint
CREATE TABLE "spot_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"day" date NOT NULL,
	"month" text NOT NULL,
	"manager_id" uuid NOT NULL,
	"unit_id" uuid,
	"policy_version" integer NOT NULL,
	"draw" double precision NOT NULL,
	"selected" boolean NOT NULL,
	"reason_code" text NOT NULL,
	"reason_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"result" text,
	"findings" integer DEFAULT 0 NOT NULL,
	"penalty_yuan" integer DEFAULT 0 NOT NULL,
	"evaluated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spot_checks_result_only_when_selected" CHECK ("spot_checks"."result" is null or "spot_checks"."selected")
);
--> statement-breakpoint
ALTER TABLE "script_assignments" DROP CONSTRAINT "script_assignments_class";--> statement-breakpoint
ALTER TABLE "callback_tasks" ALTER COLUMN "visit_id" DROP NOT NULL;--> statement-breakpoint
-- The campaign kind comes before the rank that orders by it.
ALTER TABLE "callback_tasks" ADD COLUMN "kind" text DEFAULT 'verification' NOT NULL;--> statement-breakpoint
-- Dropping the rank drops its index too; it is made again below with the new order.
ALTER TABLE "callback_tasks" drop column "dispatch_rank";--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD COLUMN "dispatch_rank" smallint GENERATED ALWAYS AS (case when appointment_at is not null then 0 when boosted then 1 when kind = 'spot_check' then 2 when customer_class = 'A' then 3 when customer_class = 'B' then 4 else 5 end) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "disputes" ALTER COLUMN "visit_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "disputes" ALTER COLUMN "verdict_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD COLUMN "spot_check_item_id" uuid;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD COLUMN "due_by" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "script_assignments" ADD COLUMN "kind" text DEFAULT 'verification' NOT NULL;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "spot_check_item_id" uuid;--> statement-breakpoint
ALTER TABLE "manager_flags" ADD CONSTRAINT "manager_flags_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manager_flags" ADD CONSTRAINT "manager_flags_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manager_flags" ADD CONSTRAINT "manager_flags_cleared_by_users_id_fk" FOREIGN KEY ("cleared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "penalty_ledger" ADD CONSTRAINT "penalty_ledger_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "penalty_ledger" ADD CONSTRAINT "penalty_ledger_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "penalty_ledger" ADD CONSTRAINT "penalty_ledger_spot_check_id_spot_checks_id_fk" FOREIGN KEY ("spot_check_id") REFERENCES "public"."spot_checks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_items" ADD CONSTRAINT "spot_check_items_spot_check_id_spot_checks_id_fk" FOREIGN KEY ("spot_check_id") REFERENCES "public"."spot_checks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_items" ADD CONSTRAINT "spot_check_items_plan_item_id_visit_plan_items_id_fk" FOREIGN KEY ("plan_item_id") REFERENCES "public"."visit_plan_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_items" ADD CONSTRAINT "spot_check_items_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_items" ADD CONSTRAINT "spot_check_items_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_checks" ADD CONSTRAINT "spot_checks_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_checks" ADD CONSTRAINT "spot_checks_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "manager_flags_one_open" ON "manager_flags" USING btree ("manager_id","kind") WHERE "manager_flags"."cleared_at" is null;--> statement-breakpoint
CREATE INDEX "penalty_ledger_manager_id_month_index" ON "penalty_ledger" USING btree ("manager_id","month");--> statement-breakpoint
CREATE INDEX "penalty_ledger_spot_check_id_index" ON "penalty_ledger" USING btree ("spot_check_id");--> statement-breakpoint
CREATE INDEX "penalty_ledger_month_index" ON "penalty_ledger" USING btree ("month");--> statement-breakpoint
CREATE UNIQUE INDEX "spot_check_items_spot_check_id_plan_item_id_index" ON "spot_check_items" USING btree ("spot_check_id","plan_item_id");--> statement-breakpoint
CREATE INDEX "spot_check_items_customer_id_index" ON "spot_check_items" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "spot_checks_manager_day" ON "spot_checks" USING btree ("manager_id","day");--> statement-breakpoint
CREATE INDEX "spot_checks_day_selected_index" ON "spot_checks" USING btree ("day","selected");--> statement-breakpoint
CREATE INDEX "spot_checks_month_unit_id_index" ON "spot_checks" USING btree ("month","unit_id");--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_spot_check_item_id_spot_check_items_id_fk" FOREIGN KEY ("spot_check_item_id") REFERENCES "public"."spot_check_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_spot_check_item_id_spot_check_items_id_fk" FOREIGN KEY ("spot_check_item_id") REFERENCES "public"."spot_check_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_spot_check_item" ON "callback_tasks" USING btree ("spot_check_item_id") WHERE "callback_tasks"."origin" = 'sampled';--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_one_open_per_spot_check_item" ON "disputes" USING btree ("spot_check_item_id") WHERE "disputes"."state" in ('open', 'under_review');--> statement-breakpoint
ALTER TABLE "script_assignments" ADD CONSTRAINT "script_assignments_kind_class" UNIQUE NULLS NOT DISTINCT("kind","customer_class");--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_kind_subject" CHECK (("callback_tasks"."kind" = 'verification') = ("callback_tasks"."visit_id" is not null) and ("callback_tasks"."kind" = 'spot_check') = ("callback_tasks"."spot_check_item_id" is not null));--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_subject_target" CHECK (("disputes"."subject" = 'spot_check') = ("disputes"."spot_check_item_id" is not null) and ("disputes"."subject" = 'spot_check') = ("disputes"."visit_id" is null) and ("disputes"."subject" = 'spot_check') = ("disputes"."verdict_id" is null));;--> statement-breakpoint
CREATE INDEX "callback_tasks_ready_order" ON "callback_tasks" USING btree ("dispatch_rank","visited_at","id") WHERE "callback_tasks"."state" = 'ready';--> statement-breakpoint
-- The penalty ledger is append-only like the points ledger: corrections are reversal entries.
CREATE TRIGGER penalty_ledger_append_only BEFORE UPDATE OR DELETE ON "penalty_ledger"
  FOR EACH ROW EXECUTE FUNCTION huifang_refuse_change();
--> statement-breakpoint
CREATE TRIGGER penalty_ledger_no_truncate BEFORE TRUNCATE ON "penalty_ledger"
  FOR EACH STATEMENT EXECUTE FUNCTION huifang_refuse_change();
