CREATE TYPE "public"."script_version_status" AS ENUM('draft', 'published', 'retired');--> statement-breakpoint
CREATE TABLE "callback_scripts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "script_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_class" "customer_class",
	"script_id" uuid NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "script_assignments_class" UNIQUE NULLS NOT DISTINCT("customer_class")
);
--> statement-breakpoint
CREATE TABLE "script_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"script_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" "script_version_status" DEFAULT 'draft' NOT NULL,
	"blind" boolean DEFAULT false NOT NULL,
	"definition" jsonb NOT NULL,
	"max_score" integer,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"leg" text NOT NULL,
	"status" text NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_drafts" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"agent_id" uuid NOT NULL,
	"script_version_id" uuid NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"script_version_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"score" integer NOT NULL,
	"max_score" integer NOT NULL,
	"knocked_out" text,
	"comparison" jsonb,
	"result" text NOT NULL,
	"agent_id" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"sid" text,
	"customer_leg_sid" text,
	"agent_number" text NOT NULL,
	"customer_number" text NOT NULL,
	"caller_id" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"customer_leg_status" text,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"recording_sid" text,
	"recording_url" text,
	"recording_duration_seconds" integer,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_sid_unique" UNIQUE("sid")
);
--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD COLUMN "result" text;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD COLUMN "score" integer;--> statement-breakpoint
ALTER TABLE "callback_scripts" ADD CONSTRAINT "callback_scripts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "script_assignments" ADD CONSTRAINT "script_assignments_script_id_callback_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."callback_scripts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "script_assignments" ADD CONSTRAINT "script_assignments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "script_versions" ADD CONSTRAINT "script_versions_script_id_callback_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."callback_scripts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "script_versions" ADD CONSTRAINT "script_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "script_versions" ADD CONSTRAINT "script_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_drafts" ADD CONSTRAINT "callback_drafts_task_id_callback_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."callback_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_drafts" ADD CONSTRAINT "callback_drafts_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_drafts" ADD CONSTRAINT "callback_drafts_script_version_id_script_versions_id_fk" FOREIGN KEY ("script_version_id") REFERENCES "public"."script_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_results" ADD CONSTRAINT "callback_results_task_id_callback_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."callback_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_results" ADD CONSTRAINT "callback_results_attempt_id_callback_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."callback_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_results" ADD CONSTRAINT "callback_results_script_version_id_script_versions_id_fk" FOREIGN KEY ("script_version_id") REFERENCES "public"."script_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_results" ADD CONSTRAINT "callback_results_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_task_id_callback_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."callback_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "script_versions_script_id_version_index" ON "script_versions" USING btree ("script_id","version");--> statement-breakpoint
CREATE INDEX "script_versions_script_id_status_index" ON "script_versions" USING btree ("script_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "call_events_once" ON "call_events" USING btree ("call_id","leg","status","sequence");--> statement-breakpoint
CREATE INDEX "call_events_call_id_received_at_index" ON "call_events" USING btree ("call_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "callback_results_attempt_id_index" ON "callback_results" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "callback_results_task_id_index" ON "callback_results" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "calls_task_id_index" ON "calls" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "calls_agent_id_created_at_index" ON "calls" USING btree ("agent_id","created_at");