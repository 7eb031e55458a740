import Link from 'next/link';
import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import type { ReportRow } from '@/lib/assessment/report';
import type { REPORT_SORTS } from '@/lib/assessment/schemas';
import { pct } from './rate';

interface UnitSpotChecks {
  unitId: string | null;
  unitName: string | null;
  managers: number;
  spotCheckDays: number;
  spotCheckOnSite: number;
  spotCheckIncomplete: number;
  spotCheckNone: number;
  spotCheckRate: number | null;
  spotCheckFindings: number;
  spotCheckYuan: number;
  spotCheckOpen: number;
}

async function SpotRate({ value, days, onSite }: { value: number | null; days: number; onSite: number }) {
  const t = await getTranslations('spotCheckReports');
  if (value === null)
    return (
      <span data-testid="rate-not-measured" title={t('notMeasuredReason')}>
        <span className="muted">{t('notMeasured')}</span>
      </span>
    );
  return (
    <>
      {pct(value)} <span className="muted small">{t('rateOf', { onSite, days })}</span>
    </>
  );
}

/**
 * 考核报表 · 拜访到位率: the close's spot-check figures per manager (the report's page of rows, in its
 * order and filters; sortable by rate, findings and yuan like the other columns) and per unit.
 * 未测 for a manager or unit with no checked day, never 0 % or 100 %.
 */
export async function SpotCheckTables({
  month,
  rows,
  units,
  sortLink,
}: {
  month: string;
  rows: readonly ReportRow[];
  units: readonly UnitSpotChecks[];
  sortLink: (key: (typeof REPORT_SORTS)[number], label: string) => ReactNode;
}) {
  const [t, ta] = await Promise.all([getTranslations('spotCheckReports.unit'), getTranslations('assessment')]);
  return (
    <>
      <h2 id="spot-checks">{ta('figure.spotCheckRate')}</h2>
      <p className="muted small">{ta('note.spotCheck')}</p>
      {rows.length > 0 && (
        <>
          <h3>{ta('report.byManager')}</h3>
          <table className="data" data-testid="report-spot-managers">
            <thead>
              <tr>
                <th>{ta('report.manager')}</th>
                <th>{ta('report.unit')}</th>
                <th className="num">{ta('figure.spotCheckDays')}</th>
                <th className="num">{t('results')}</th>
                <th className="num">{sortLink('spotCheckRate', ta('figure.spotCheckRate'))}</th>
                <th className="num">{sortLink('spotCheckFindings', ta('figure.spotCheckFindings'))}</th>
                <th className="num">{sortLink('spotCheckYuan', ta('figure.spotCheckYuan'))}</th>
                <th className="num">{ta('figure.spotCheckOpen')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const f = r.figures;
                return (
                  <tr key={r.managerId} data-testid="report-spot-row" data-manager={r.username}>
                    <td>
                      <Link href={`/assessment/${month}/managers/${r.managerId}`}>{r.managerName}</Link>
                    </td>
                    <td>{r.unitName ?? '—'}</td>
                    <td className="num">{f.spotCheckDays}</td>
                    <td className="num">{t('resultCounts', { onSite: f.spotCheckOnSite, incomplete: f.spotCheckIncomplete, none: f.spotCheckNone })}</td>
                    <td className="num" data-testid="report-spot-rate">
                      <SpotRate value={f.spotCheckRate} days={f.spotCheckDays} onSite={f.spotCheckOnSite} />
                    </td>
                    <td className="num">{f.spotCheckFindings}</td>
                    <td className="num" data-testid="report-spot-yuan">
                      {f.spotCheckYuan}
                    </td>
                    <td className="num">{f.spotCheckOpen}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <h3>{ta('report.byUnit')}</h3>
      <table className="data" data-testid="report-spot-units">
        <thead>
          <tr>
            <th>{ta('report.unit')}</th>
            <th className="num">{ta('report.managersCount')}</th>
            <th className="num">{ta('figure.spotCheckDays')}</th>
            <th className="num">{t('results')}</th>
            <th className="num">{ta('figure.spotCheckRate')}</th>
            <th className="num">{ta('figure.spotCheckFindings')}</th>
            <th className="num">{ta('figure.spotCheckYuan')}</th>
            <th className="num">{ta('figure.spotCheckOpen')}</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.unitId ?? 'none'} data-testid="report-spot-unit">
              <td>{u.unitName ?? '—'}</td>
              <td className="num">{u.managers}</td>
              <td className="num">{u.spotCheckDays}</td>
              <td className="num">{t('resultCounts', { onSite: u.spotCheckOnSite, incomplete: u.spotCheckIncomplete, none: u.spotCheckNone })}</td>
              <td className="num">
                <SpotRate value={u.spotCheckRate} days={u.spotCheckDays} onSite={u.spotCheckOnSite} />
              </td>
              <td className="num">{u.spotCheckFindings}</td>
              <td className="num">{u.spotCheckYuan}</td>
              <td className="num">{u.spotCheckOpen}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
