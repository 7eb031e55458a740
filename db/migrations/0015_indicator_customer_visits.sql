CREATE TABLE "monthly_customer_visits" (
	"month" text NOT NULL,
	"manager_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"visits" integer NOT NULL,
	CONSTRAINT "monthly_customer_visits_month_manager_id_customer_id_pk" PRIMARY KEY("month","manager_id","customer_id")
);
