/**
 * The ground of a dispute: the data-check findings it is about. A dispute of a finding is about
 * that finding; a dispute of the verdict is about every finding the disputed verdict rested on
 * (its reasons `finding.<code>`), since the reviewer judged the verdict on them. Once decided, a
 * ground is closed to a second dispute; once overturned, its findings are waived (they no longer
 * count, and the visit shows them as waived by the decision).
 *
 * As SQL text for a lateral subquery over a row `d` of `disputes`, yielding one column `code` per
 * finding (raw text so both the verdict evaluation and the dispute queries embed the one rule).
 */
export const GROUND_FINDINGS_SQL_TEXT = `
    select d.finding_code as code where d.subject = 'finding'
    union all
    select substr(r.value->>'code', 9) as code
      from visit_verdicts gv cross join jsonb_array_elements(gv.reasons) r
     where d.subject = 'verdict' and gv.id = d.verdict_id and r.value->>'code' like 'finding.%'`;

