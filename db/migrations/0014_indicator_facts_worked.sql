ALTER TABLE "daily_agent_stats" ALTER COLUMN "wrap_up_seconds" SET DATA TYPE numeric;--> statement-breakpoint
ALTER TABLE "daily_agent_stats" ALTER COLUMN "wrap_up_seconds" SET DEFAULT '0';--> statement-breakpoint
ALTER TABLE "callback_facts" ADD COLUMN "worked_by" uuid[];