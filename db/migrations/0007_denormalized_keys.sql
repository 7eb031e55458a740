ALTER TABLE "callback_tasks" DROP CONSTRAINT "callback_tasks_customer_id_customers_id_fk";
--> statement-breakpoint
ALTER TABLE "callback_tasks" DROP CONSTRAINT "callback_tasks_manager_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "callback_tasks" DROP CONSTRAINT "callback_tasks_unit_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "sampling_decisions" DROP CONSTRAINT "sampling_decisions_manager_id_users_id_fk";
