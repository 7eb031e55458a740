import type postgres from 'postgres';

/**
 * A month of visits for the export's volume checks (bench/export.ts, the peak-RSS test in
 * tests/integration/exports.test.ts), written in SQL with generate_series: 2 units, 100 managers,
 * 2,000 customers with one contact each, `visits` visit reports in the month with their contact
 * and a published verdict (reasons and a finding on every tenth), and one staff member who exports.
 * Into an empty, migrated database of the caller's own.
 */
export const EXPORT_STAFF = 'export-staff';

export async function seedExportVisits(sql: postgres.Sql, o: { visits: number; start: Date; end: Date; month: string }): Promise<void> {
  const spanSeconds = Math.floor((o.end.getTime() - o.start.getTime()) / 1000) - 3600;
  await sql.unsafe(`
    insert into units (code, name, region) values ('EX1', '导出一部', '压测'), ('EX2', '导出二部', '压测');
    insert into users (username, display_name, password_hash, role, unit_id)
      select 'em' || g, '导出经理' || g, '!', 'manager', (select id from units where code = 'EX' || (1 + g % 2)) from generate_series(1, 100) g;
    insert into users (username, display_name, password_hash, role) values ('${EXPORT_STAFF}', '导出员', '!', 'staff');
    insert into customers (group_code, name, class, unit_id)
      select 'EG' || g, '导出客户' || g || '有限公司', (array['A', 'B', 'C', 'D'])[1 + g % 4]::customer_class, (select id from units where code = 'EX' || (1 + g % 2))
        from generate_series(1, 2000) g;
    insert into contacts (customer_id, name, title, phone)
      select id, '联系人' || substr(group_code, 3), '总经理', '+86138' || lpad(substr(group_code, 3), 8, '0') from customers where group_code like 'EG%';
  `);
  await sql.unsafe(`
    insert into visit_reports (manager_id, customer_id, type, visited_at, reported_at, purpose, late, created_by)
      select m.id, c.id, (case when g % 3 = 0 then 'phone' else 'on_site' end)::visit_type,
             '${o.start.toISOString()}'::timestamptz + make_interval(secs => (g::bigint * 7919 % ${o.visits}) * ${spanSeconds}.0 / ${o.visits}),
             '${o.start.toISOString()}'::timestamptz + make_interval(secs => (g::bigint * 7919 % ${o.visits}) * ${spanSeconds}.0 / ${o.visits})
               + (case when g % 10 = 0 then interval '30 hours' else interval '2 hours' end),
             '了解通信需求，介绍专线与云业务（第 ' || g || ' 次）', g % 10 = 0, m.id
        from generate_series(0, ${o.visits - 1}) g
        join users m on m.username = 'em' || (1 + g % 100)
        join customers c on c.group_code = 'EG' || (1 + g % 2000);
  `);
  await sql.unsafe(`
    insert into visit_report_contacts (visit_id, contact_id)
      select v.id, k.id from visit_reports v join contacts k on k.customer_id = v.customer_id;
    insert into visit_verdicts (visit_id, manager_id, month, version, status, final, reasons, findings, cause, published_at)
      select v.id, v.manager_id, '${o.month}', 1, (case when v.late then 'invalid' else 'valid' end), true,
             (case when v.late then '[{"code": "scoreBelow", "params": {"score": 40, "threshold": 60}}]' else '[]' end)::jsonb,
             (case when v.late then '[{"code": "late_report", "severity": "flag", "params": {"hours": 30, "deadline": 24}}]' else '[]' end)::jsonb,
             'evaluation', v.reported_at
        from visit_reports v;
    analyze;
  `);
}
