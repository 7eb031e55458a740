CREATE TABLE "agent_month_assessments" (
	"close_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"figures" jsonb NOT NULL,
	"score" real,
	"grade" text NOT NULL,
	CONSTRAINT "agent_month_assessments_close_id_agent_id_pk" PRIMARY KEY("close_id","agent_id")
);
--> statement-breakpoint
ALTER TABLE "month_closes" ADD COLUMN "agent_changes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_month_assessments" ADD CONSTRAINT "agent_month_assessments_close_id_month_closes_id_fk" FOREIGN KEY ("close_id") REFERENCES "public"."month_closes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_month_assessments" ADD CONSTRAINT "agent_month_assessments_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;