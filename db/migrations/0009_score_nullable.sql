ALTER TABLE "month_assessments" ALTER COLUMN "score" DROP NOT NULL;--> statement-breakpoint
-- Closes made while the column was NOT NULL stored "no score" as NaN.
UPDATE "month_assessments" SET "score" = NULL WHERE "score" = 'NaN'::real;
