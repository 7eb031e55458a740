CREATE TABLE "integrity_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"month" text,
	"trigger" text NOT NULL,
	"actor_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"problem_count" integer NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
DROP INDEX "calls_task_id_index";--> statement-breakpoint
ALTER TABLE "visit_reports" ADD COLUMN "backfill" text;--> statement-breakpoint
ALTER TABLE "visit_reports" ADD COLUMN "backfill_decided_by" uuid;--> statement-breakpoint
ALTER TABLE "visit_reports" ADD COLUMN "backfill_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "visit_reports" ADD COLUMN "backfill_comment" text;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD COLUMN "call_id" uuid;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD COLUMN "manual" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "attempt_no" integer;--> statement-breakpoint
ALTER TABLE "integrity_runs" ADD CONSTRAINT "integrity_runs_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "integrity_runs_finished_at_index" ON "integrity_runs" USING btree ("finished_at");--> statement-breakpoint
ALTER TABLE "visit_reports" ADD CONSTRAINT "visit_reports_backfill_decided_by_users_id_fk" FOREIGN KEY ("backfill_decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calls_task_id_attempt_no_index" ON "calls" USING btree ("task_id","attempt_no");