import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { progressInput } from '@/lib/coverage/schemas';
import { coverageProgress } from '@/lib/coverage/progress';
import { env } from '@/lib/platform/config/env';
import { listUnits } from '@/lib/org/units';
import { monthOf } from '@/lib/platform/time/zone';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { coverageRate } from '@/lib/assessment/rates';
import { RateText } from '../_components/rate';
import { Pager } from '@/app/_components/pager';
import { FilterSelect, unitOptions } from '@/app/_components/filter-select';

type SearchParams = Record<string, string | string[] | undefined>;
const KEYS = ['month', 'unitId', 'q', 'onlyGaps', 'page'] as const;

/** 拜访覆盖进度: everyone's coverage as it stands (a supervisor: their unit's managers). */
export default async function ProgressPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('staff', 'admin', 'supervisor');
  const sp = await searchParams;
  const raw: Record<string, string> = { month: monthOf(ctx.now(), env().APP_TIMEZONE) };
  for (const k of KEYS) if (typeof sp[k] === 'string' && sp[k] !== '') raw[k] = sp[k] as string;
  const input = progressInput.safeParse(raw).success ? raw : { month: raw.month };
  const [data, units, t] = await Promise.all([
    pageLoad(() => coverageProgress({ ctx, input: input as never })),
    ctx.actor.role === 'supervisor' ? Promise.resolve([]) : pageLoad(() => listUnits({ ctx })),
    getTranslations('assessment'),
  ]);
  return (
    <section>
      <p>
        <Link href="/assessment">‹ {t('months.title')}</Link>
      </p>
      <h1>
        {t('progress.title')} · {data.month}
      </h1>
      <p className="muted small">{t('progress.intro', { days: data.minDays })}</p>
      <form method="get" action="/assessment/progress" className="toolbar" data-testid="progress-filters">
        <label>
          {t('progress.month')}
          <input type="month" name="month" defaultValue={data.month} />
        </label>
        {units.length > 0 && (
          <FilterSelect label={t('progress.unit')} name="unitId" value={raw.unitId} all={t('report.allUnits')} options={unitOptions(units)} />
        )}
        <label>
          {t('progress.manager')}
          <input type="search" name="q" defaultValue={raw.q ?? ''} placeholder={t('report.searchPlaceholder')} />
        </label>
        <label>
          <input type="checkbox" name="onlyGaps" value="yes" defaultChecked={raw.onlyGaps === 'yes'} /> {t('progress.onlyGaps')}
        </label>
        <button type="submit">{t('progress.filter')}</button>
      </form>
      {data.rows.length === 0 ? (
        <p className="muted">{t('progress.empty')}</p>
      ) : (
        <table className="data" data-testid="progress-table">
          <thead>
            <tr>
              <th>{t('progress.manager')}</th>
              <th>{t('progress.unit')}</th>
              <th className="num">{t('figure.claimedCustomers')}</th>
              <th className="num">{t('figure.required')}</th>
              <th className="num">{t('figure.done')}</th>
              <th className="num">{t('progress.rate')}</th>
              <th>{t('progress.missing')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/assessment/${data.month}/managers/${r.id}`}>{r.displayName}</Link> <span className="muted small">{r.username}</span>
                </td>
                <td>{r.unitName ?? '—'}</td>
                <td className="num">{r.customers.length}</td>
                <td className="num">{r.required}</td>
                <td className="num">{r.done}</td>
                <td className="num">
                  <RateText {...coverageRate(r)} />
                </td>
                <td className="small">
                  {r.customers
                    .filter((c) => c.gaps.length > 0)
                    .map((c) => (
                      <div key={c.customerId}>
                        {c.name}: {c.gaps.map((g) => t(`requirement.${g}`)).join('、')}
                      </div>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager path="/assessment/progress" params={raw} page={data.page} pageSize={data.pageSize} total={data.total} label={t('progress.title')} />
    </section>
  );
}
