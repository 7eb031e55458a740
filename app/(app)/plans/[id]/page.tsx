import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { env } from '@/lib/platform/config/env';
import { getPlan, listPlanCustomers } from '@/lib/plans/queries';
import { getPlanInput } from '@/lib/plans/schemas';
import { monthRange, toLocalInput } from '@/lib/platform/time/zone';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PlanStatusBadge } from '../status-badge';
import { PlanEditor, type CustomerOption, type EditorItem } from './plan-editor';
import { ReviewForm } from './review-form';

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageCtx('manager', 'supervisor', 'staff', 'admin');
  const { id } = await params;
  if (!getPlanInput.safeParse({ planId: id }).success) notFound();
  const plan = await pageLoad(() => getPlan({ ctx, input: { planId: id } }));
  const claimed = plan.canEdit ? await pageLoad(() => listPlanCustomers({ ctx, input: { month: plan.month } })) : [];
  const [t, format] = await Promise.all([getTranslations('plans'), getFormatter()]);
  const timeZone = env().APP_TIMEZONE;
  const { start, end } = monthRange(plan.month, timeZone);
  const monthLabel = format.dateTime(start, { year: 'numeric', month: 'long' });
  const when = (at: Date | null) => (at ? format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' }) : '—');

  return (
    <section>
      <p>
        <Link href="/plans">← {t('detail.back')}</Link>
      </p>
      <div className="row space-between">
        <h1>{t('detail.title', { manager: plan.managerName, month: monthLabel })}</h1>
        <PlanStatusBadge status={plan.status} />
      </div>

      <div className="card">
        <dl className="facts">
          <dt>{t('fields.manager')}</dt>
          <dd>{plan.managerName}</dd>
          <dt>{t('fields.unit')}</dt>
          <dd>{plan.unitName}</dd>
          <dt>{t('fields.month')}</dt>
          <dd>{monthLabel}</dd>
          <dt>{t('fields.revision')}</dt>
          <dd data-testid="plan-revision">{plan.revision}</dd>
          <dt>{t('fields.submittedAt')}</dt>
          <dd>{when(plan.submittedAt)}</dd>
          {plan.reviewedAt && (
            <>
              <dt>{t('fields.reviewer')}</dt>
              <dd>
                {plan.reviewerName} · {when(plan.reviewedAt)}
              </dd>
            </>
          )}
          {plan.reviewComment && (
            <>
              <dt>{t('fields.reviewComment')}</dt>
              <dd data-testid="plan-review-comment">{plan.reviewComment}</dd>
            </>
          )}
        </dl>
      </div>

      {plan.status === 'rejected' && plan.managerId === ctx.actor.id && (
        <p className="alert warn" role="status">
          {t('detail.rejectedHint')}
        </p>
      )}
      {plan.status === 'approved' && (
        <p className="alert ok" role="status">
          {t('detail.approvedHint')}
        </p>
      )}
      {plan.status === 'submitted' && plan.managerId === ctx.actor.id && (
        <p className="alert warn" role="status">
          {t('detail.awaitingHint')}
        </p>
      )}

      <h2>{t('detail.items')}</h2>
      {plan.canEdit ? (
        <PlanEditor
          planId={plan.id}
          min={toLocalInput(start, timeZone)}
          max={toLocalInput(new Date(end.getTime() - 60_000), timeZone)}
          customers={customerOptions(claimed, plan.items)}
          defaultItems={plan.items.map(
            (item): EditorItem => ({
              customerId: item.customerId,
              contactId: item.contactId ?? '',
              contactName: item.contactId ? '' : item.contactName,
              contactPhone: item.contactId ? '' : item.contactPhone,
              plannedAt: toLocalInput(item.plannedAt, timeZone),
              place: item.place,
              purpose: item.purpose,
            }),
          )}
        />
      ) : plan.items.length === 0 ? (
        <p className="muted">{t('detail.noItems')}</p>
      ) : (
        <>
          <table className="data" data-testid="plan-items">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('item.plannedAt')}</th>
                <th>{t('item.customer')}</th>
                <th>{t('item.place')}</th>
                <th>{t('item.purpose')}</th>
                <th>{t('item.contact')}</th>
                <th>{t('item.contactPhone')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.items.map((item, index) => (
                <tr key={item.id} data-testid="plan-item-row" data-planned-at={item.plannedAt.toISOString()}>
                  <td className="num">{index + 1}</td>
                  <td>{when(item.plannedAt)}</td>
                  <td>
                    {item.customerName}
                    <div className="muted small">
                      {item.groupCode} · {item.customerClass}
                    </div>
                  </td>
                  <td>{item.place}</td>
                  <td>{item.purpose}</td>
                  <td>{item.contactName}</td>
                  <td>{item.contactPhone}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.phonesMasked && <p className="muted small">{t('detail.phonesMasked')}</p>}
        </>
      )}

      {plan.canReview && <ReviewForm planId={plan.id} revision={plan.revision} />}

      <h2>{t('history.title')}</h2>
      <table className="data" data-testid="plan-history">
        <thead>
          <tr>
            <th>{t('history.at')}</th>
            <th>{t('history.actor')}</th>
            <th>{t('history.action')}</th>
            <th className="num">{t('fields.revision')}</th>
            <th>{t('history.comment')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.events.map((event) => (
            <tr key={event.id} data-action={event.action}>
              <td>{when(event.at)}</td>
              <td>{event.actorName}</td>
              <td>{t(`history.actions.${event.action}`)}</td>
              <td className="num">{event.revision}</td>
              <td>{event.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Claimed customers, plus any already in the plan whose claim has since ended, so the form shows what was saved. */
function customerOptions(
  claimed: Awaited<ReturnType<typeof listPlanCustomers>>,
  items: { customerId: string; customerName: string; groupCode: string }[],
): CustomerOption[] {
  const options: CustomerOption[] = claimed.map((c) => ({
    id: c.id,
    label: `${c.name} (${c.groupCode} · ${c.customerClass})`,
    address: c.address,
    contacts: c.contacts.map((k) => ({ id: k.id, label: [k.name, k.title, k.phone].filter(Boolean).join(' · ') })),
  }));
  for (const item of items) {
    if (!options.some((o) => o.id === item.customerId)) {
      options.push({ id: item.customerId, label: `${item.customerName} (${item.groupCode})`, address: '', contacts: [] });
    }
  }
  return options;
}
