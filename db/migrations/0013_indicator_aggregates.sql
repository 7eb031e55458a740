CREATE TABLE "callback_facts" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"unit_id" uuid,
	"customer_class" text NOT NULL,
	"origin" text NOT NULL,
	"finished" boolean NOT NULL,
	"closed" boolean NOT NULL,
	"unreachable" boolean NOT NULL,
	"outcome" text,
	"result" text,
	"closed_at" timestamp with time zone,
	"agent_id" uuid,
	"first_attempt_seconds" double precision,
	"final_seconds" double precision,
	"attempted" boolean NOT NULL,
	"reached" boolean NOT NULL,
	"overturned_on_call" boolean NOT NULL,
	"recheck_result" text,
	"rating" text,
	"rating_agent_id" uuid,
	"script_version_id" uuid
);
--> statement-breakpoint
CREATE TABLE "daily_agent_stats" (
	"day" date NOT NULL,
	"agent_id" uuid NOT NULL,
	"start_day" date NOT NULL,
	"first_started_at" timestamp with time zone,
	"last_ended_at" timestamp with time zone,
	"calls" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"talk_seconds" double precision DEFAULT 0 NOT NULL,
	"manual_calls" integer DEFAULT 0 NOT NULL,
	"wrap_ups" integer DEFAULT 0 NOT NULL,
	"wrap_up_seconds" double precision DEFAULT 0 NOT NULL,
	"outcomes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "daily_agent_stats_day_agent_id_start_day_pk" PRIMARY KEY("day","agent_id","start_day")
);
--> statement-breakpoint
CREATE TABLE "daily_visit_stats" (
	"day" date NOT NULL,
	"manager_id" uuid NOT NULL,
	"has_contact" boolean NOT NULL,
	"has_purpose" boolean NOT NULL,
	"has_summary" boolean NOT NULL,
	"on_site" boolean NOT NULL,
	"has_check_in" boolean NOT NULL,
	"reports" integer NOT NULL,
	"late" integer NOT NULL,
	"valid" integer NOT NULL,
	"invalid" integer NOT NULL,
	CONSTRAINT "daily_visit_stats_day_manager_id_has_contact_has_purpose_has_summary_on_site_has_check_in_pk" PRIMARY KEY("day","manager_id","has_contact","has_purpose","has_summary","on_site","has_check_in")
);
--> statement-breakpoint
CREATE TABLE "indicator_days" (
	"day" date PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_watermarks" (
	"key" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"verdict_id" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monthly_visit_stats" (
	"month" text NOT NULL,
	"manager_id" uuid NOT NULL,
	"has_contact" boolean NOT NULL,
	"has_purpose" boolean NOT NULL,
	"has_summary" boolean NOT NULL,
	"on_site" boolean NOT NULL,
	"has_check_in" boolean NOT NULL,
	"reports" integer NOT NULL,
	"late" integer NOT NULL,
	"valid" integer NOT NULL,
	"invalid" integer NOT NULL,
	CONSTRAINT "monthly_visit_stats_month_manager_id_has_contact_has_purpose_has_summary_on_site_has_check_in_pk" PRIMARY KEY("month","manager_id","has_contact","has_purpose","has_summary","on_site","has_check_in")
);
--> statement-breakpoint
CREATE INDEX "callback_facts_day_index" ON "callback_facts" USING btree ("day");--> statement-breakpoint
CREATE INDEX "callback_facts_created_at_index" ON "callback_facts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "callback_attempts_ended_at_index" ON "callback_attempts" USING btree ("ended_at");--> statement-breakpoint
CREATE INDEX "callback_tasks_created_at_index" ON "callback_tasks" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "callback_tasks_updated_at_index" ON "callback_tasks" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "calls_created_at_index" ON "calls" USING btree ("created_at");