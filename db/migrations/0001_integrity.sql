-- Rules the database itself enforces, beyond what drizzle's schema DSL expresses.

-- At most one active claimant per customer at any instant.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_no_overlap"
  EXCLUDE USING gist ("customer_id" WITH =, tstzrange("effective_from", "effective_to", '[)') WITH &&);
--> statement-breakpoint

-- The audit log is append-only.
CREATE OR REPLACE FUNCTION huifang_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION huifang_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION huifang_refuse_change();
