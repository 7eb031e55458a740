import Link from 'next/link';
import { ExportLinks } from '@/app/_components/export-links';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listSamplingDecisions } from '@/lib/sampling/decisions';
import { formatDraw } from '@/lib/sampling/draw';
import { REASON_CODES } from '@/lib/sampling/reasons';
import { samplingReasonText, type RootTranslator } from '@/lib/sampling/reason-text';
import { listDecisionsInput } from '@/lib/sampling/schemas';
import { getSamplingSettings } from '@/lib/sampling/settings';
import { listVisitManagers } from '@/lib/visits/visits';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { SamplingPolicyForm } from './policy-form';
import { Pager } from '@/app/_components/pager';
import { filtersFrom, type SearchParams } from '@/app/_components/url-filters';
import { FilterSelect, managerOptions } from '@/app/_components/filter-select';

const FILTER_KEYS = ['month', 'managerId', 'sampled', 'reason', 'page'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** 抽样规则: the sampling policy in force and its versions, a new version with a live cost preview, and why each visit was (not) sampled. */
export default async function SamplingSettingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('staff', 'admin');
  const params = await searchParams;
  const settings = await pageLoad(() => getSamplingSettings({ ctx }));
  const filters: Filters = filtersFrom(params, FILTER_KEYS, listDecisionsInput, { month: settings.thisMonth });
  const [decisions, managers] = await Promise.all([
    pageLoad(() => listSamplingDecisions({ ctx, input: filters })),
    pageLoad(() => listVisitManagers({ ctx })),
  ]);
  const [t, root, format] = await Promise.all([getTranslations('sampling'), getTranslations(), getFormatter()]);
  const reasonText = (code: string, p: Record<string, string | number>) => samplingReasonText(root as unknown as RootTranslator, code, p);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const rates = (r: { A: number; B: number; C: number; D: number }) => `${r.A} / ${r.B} / ${r.C} / ${r.D} %`;
  const inForce = settings.inForce;
  // The form starts from the rules in force, seed included: the preview then draws what sampling
  // really draws, and a new version keeps the draws unless staff ask for a new seed.
  const initial = { ...inForce.value, ratePercent: { ...inForce.value.ratePercent } };
  const versionName = (version: number) => (version === 0 ? t('inForce.defaultVersion') : t('inForce.version', { version }));
  const next = settings.scheduled[0];

  return (
    <section>
      <h1>{t('title')}</h1>
      <p data-testid="sampling-versions-summary">
        <span data-testid="sampling-summary-in-force">
          {t('summary.inForce', { version: versionName(inForce.version) })}
          {inForce.version !== 0 && t('summary.since', { day: inForce.effectiveFrom ?? '' })}
        </span>
        {' · '}
        <span data-testid="sampling-summary-scheduled">
          {next ? t('summary.scheduled', { version: next.version, day: next.effectiveFrom }) : t('summary.noneScheduled')}
          {settings.scheduled.length > 1 && t('summary.moreScheduled', { count: settings.scheduled.length - 1 })}
        </span>
      </p>
      <p className="muted">{t('intro')}</p>

      <div className="card" data-testid="sampling-in-force">
        <h2 style={{ marginTop: 0 }}>
          {t('inForce.title')} · {inForce.version === 0 ? t('inForce.defaultVersion') : `${t('inForce.version', { version: inForce.version })}, ${t('inForce.effectiveFrom', { day: inForce.effectiveFrom ?? '' })}`}
        </h2>
        <dl className="facts">
          <dt>{t('inForce.rates')}</dt>
          <dd data-testid="in-force-rates">A {inForce.value.ratePercent.A} % · B {inForce.value.ratePercent.B} % · C {inForce.value.ratePercent.C} % · D {inForce.value.ratePercent.D} %</dd>
          <dt>{t('inForce.minimum')}</dt>
          <dd>{inForce.value.minPerManagerMonth}</dd>
          <dt>{t('inForce.flagged')}</dt>
          <dd>{inForce.value.alwaysSampleFlagged ? t('inForce.yes') : t('inForce.no')}</dd>
          <dt>{t('inForce.multiplier')}</dt>
          <dd>× {inForce.value.invalidLastMonthMultiplier}</dd>
          <dt>{t('inForce.excludeDays')}</dt>
          <dd>{inForce.value.excludeOlderThanDays}</dd>
          <dt>{t('inForce.seed')}</dt>
          <dd>
            <code>{inForce.value.seed}</code>
          </dd>
          <dt>{t('inForce.minutes')}</dt>
          <dd>{inForce.value.minutesPerCallback}</dd>
        </dl>
      </div>

      <SamplingPolicyForm initial={initial} inForce={{ policy: initial, label: versionName(inForce.version) }} effectiveFrom={settings.today} minDay={settings.today} month={settings.thisMonth} />

      <h2>{t('history.title')}</h2>
      {settings.versions.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <table className="data" data-testid="sampling-history">
          <thead>
            <tr>
              <th className="num">{t('history.version')}</th>
              <th>{t('history.effectiveFrom')}</th>
              <th>{t('history.rates')}</th>
              <th className="num">{t('history.minimum')}</th>
              <th>{t('history.note')}</th>
              <th>{t('history.createdAt')}</th>
            </tr>
          </thead>
          <tbody>
            {settings.versions.map((v) => (
              <tr key={v.version}>
                <td className="num">
                  {v.version} {v.inForce && <span className="badge ok">{t('history.current')}</span>}
                  {v.scheduled && <span className="badge info">{t('history.scheduled')}</span>}
                </td>
                <td>{v.effectiveFrom}</td>
                <td>{rates(v.value.ratePercent)}</td>
                <td className="num">{v.value.minPerManagerMonth}</td>
                <td>{v.note}</td>
                <td>{when(v.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="decisions">{t('decisions.title')}</h2>
      <p className="muted small">{t('decisions.hint')}</p>
      <ExportLinks kind="sampling-decisions" filters={{ ...filters, page: undefined }} testId="decisions-export" />
      <form method="get" action="/settings/sampling#decisions" className="toolbar" data-testid="decision-filters">
        <label>
          {t('decisions.month')}
          <input type="month" name="month" defaultValue={filters.month ?? ''} />
        </label>
        <FilterSelect label={t('decisions.manager')} name="managerId" value={filters.managerId} all={t('decisions.all')} options={managerOptions(managers)} />
        <FilterSelect label={t('decisions.sampled')} name="sampled" value={filters.sampled} all={t('decisions.all')} options={(['yes', 'no'] as const).map((v) => ({ value: v, label: t(`decisions.${v}`) }))} />
        <FilterSelect
          label={t('decisions.reason')}
          name="reason"
          value={filters.reason}
          all={t('decisions.all')}
          options={REASON_CODES.map((code) => ({ value: code, label: t(`reasonOption.${code.split('.').pop()}` as 'reasonOption.rate') }))}
        />
        <button type="submit">{t('decisions.filter')}</button>
        <Link href="/settings/sampling#decisions">{t('decisions.reset')}</Link>
      </form>
      {decisions.rows.length === 0 ? (
        <p className="muted" data-testid="decisions-empty">
          {t('decisions.empty')}
        </p>
      ) : (
        <table className="data" data-testid="sampling-decisions">
          <thead>
            <tr>
              <th>{t('decisions.visitedAt')}</th>
              <th>{t('decisions.customer')}</th>
              <th>{t('decisions.class')}</th>
              <th>{t('decisions.manager')}</th>
              <th>{t('decisions.decision')}</th>
              <th>{t('decisions.reason')}</th>
              <th className="num">{t('decisions.version')}</th>
              <th className="num">{t('decisions.draw')}</th>
            </tr>
          </thead>
          <tbody>
            {decisions.rows.map((d) => (
              <tr key={d.visitId}>
                <td>
                  <Link href={`/visits/${d.visitId}`}>{when(d.visitedAt)}</Link>
                </td>
                <td>{d.customerName}</td>
                <td>{d.customerClass}</td>
                <td>
                  {d.managerName}
                  {d.unitName ? <span className="muted small"> · {d.unitName}</span> : null}
                </td>
                <td>
                  <span className={`badge ${d.sampled ? 'ok' : ''}`}>{d.sampled ? t('decisions.yes') : t('decisions.no')}</span>
                </td>
                <td>{reasonText(d.reasonCode, d.reasonParams)}</td>
                <td className="num">{d.policyVersion === 0 ? t('decisions.versionDefault') : d.policyVersion}</td>
                <td className="num">{formatDraw(d.draw)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager path="/settings/sampling" params={filters} page={decisions.page} pageSize={decisions.pageSize} total={decisions.total} label={t('decisions.title')} hash="#decisions" />
    </section>
  );
}
