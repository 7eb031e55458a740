-- The points ledger is append-only: corrections are new entries, never edits.
CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OR DELETE ON "points_ledger"
  FOR EACH ROW EXECUTE FUNCTION huifang_refuse_change();
--> statement-breakpoint
CREATE TRIGGER points_ledger_no_truncate BEFORE TRUNCATE ON "points_ledger"
  FOR EACH STATEMENT EXECUTE FUNCTION huifang_refuse_change();
--> statement-breakpoint
-- Verdict versions are never rewritten either.
CREATE TRIGGER visit_verdicts_append_only BEFORE UPDATE OR DELETE ON "visit_verdicts"
  FOR EACH ROW EXECUTE FUNCTION huifang_refuse_change();
