CREATE TYPE "public"."call_outcome" AS ENUM('completed', 'partial', 'refused', 'no_answer', 'busy', 'answering_machine', 'wrong_person', 'number_invalid', 'appointment', 'technical_failure');--> statement-breakpoint
CREATE TYPE "public"."callback_state" AS ENUM('waiting', 'ready', 'held', 'closed', 'unreachable', 'cancelled');--> statement-breakpoint
CREATE TABLE "agent_presence" (
	"agent_id" uuid PRIMARY KEY NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"attempt_no" integer NOT NULL,
	"agent_id" uuid NOT NULL,
	"outcome" "call_outcome" NOT NULL,
	"appointment_at" timestamp with time zone,
	"notes" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"visit_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"manager_id" uuid NOT NULL,
	"unit_id" uuid,
	"customer_class" "customer_class" NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"state" "callback_state" DEFAULT 'waiting' NOT NULL,
	"origin" text DEFAULT 'sampled' NOT NULL,
	"boosted" boolean DEFAULT false NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"appointment_at" timestamp with time zone,
	"holder_id" uuid,
	"held_at" timestamp with time zone,
	"lease_expires_at" timestamp with time zone,
	"last_outcome" "call_outcome",
	"outcome" "call_outcome",
	"closed_at" timestamp with time zone,
	"dispatch_rank" smallint GENERATED ALWAYS AS (case when appointment_at is not null then 0 when boosted then 1 when customer_class = 'A' then 2 when customer_class = 'B' then 3 else 4 end) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "callback_tasks_holder_matches_state" CHECK (("callback_tasks"."state" = 'held') = ("callback_tasks"."holder_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "queue_controls" (
	"key" text PRIMARY KEY NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sampling_decisions" (
	"visit_id" uuid PRIMARY KEY NOT NULL,
	"manager_id" uuid NOT NULL,
	"month" text NOT NULL,
	"policy_version" integer NOT NULL,
	"draw" double precision NOT NULL,
	"sampled" boolean NOT NULL,
	"reason_code" text NOT NULL,
	"reason_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_task_id_callback_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."callback_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_visit_id_visit_reports_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_holder_id_users_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_controls" ADD CONSTRAINT "queue_controls_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampling_decisions" ADD CONSTRAINT "sampling_decisions_visit_id_visit_reports_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampling_decisions" ADD CONSTRAINT "sampling_decisions_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "callback_attempts_task_id_attempt_no_index" ON "callback_attempts" USING btree ("task_id","attempt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_visit" ON "callback_tasks" USING btree ("visit_id") WHERE "callback_tasks"."origin" = 'sampled';--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_one_per_agent" ON "callback_tasks" USING btree ("holder_id") WHERE "callback_tasks"."state" = 'held';--> statement-breakpoint
CREATE INDEX "callback_tasks_ready_order" ON "callback_tasks" USING btree ("dispatch_rank","visited_at","id") WHERE "callback_tasks"."state" = 'ready';--> statement-breakpoint
CREATE INDEX "callback_tasks_state_next_attempt_at_index" ON "callback_tasks" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "callback_tasks_manager_id_index" ON "callback_tasks" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "sampling_decisions_manager_id_month_index" ON "sampling_decisions" USING btree ("manager_id","month");--> statement-breakpoint
CREATE INDEX "sampling_decisions_month_sampled_index" ON "sampling_decisions" USING btree ("month","sampled");