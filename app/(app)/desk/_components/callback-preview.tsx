import { getFormatter, getTranslations } from 'next-intl/server';
import type { DeskView } from '@/lib/desk/open';

/**
 * What the agent sees of the callback they hold, before and during the call. Phones arrive masked
 * from the verb: the full number never reaches an agent's browser. For a blind script the verb
 * leaves the reported visit out altogether (`visit` is null), so it cannot lead the customer.
 * A spot check (电话抽查) asks about the visit the manager planned for the day, not a report: the
 * plan takes the report's place, and is left out the same way for a blind script.
 */
export async function CallbackPreview({ preview }: { preview: DeskView }) {
  const [t, tw, tc, to, format] = await Promise.all([
    getTranslations('callbacks.preview'),
    getTranslations('desk.workspace'),
    getTranslations('common'),
    getTranslations('callbacks.outcomes'),
    getFormatter(),
  ]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const { task, customer, visit, plan, flags } = preview;
  const spotCheck = task.kind === 'spot_check';
  return (
    <div className="card" data-testid="desk-preview">
      <div className="row space-between">
        <h2 style={{ margin: 0 }}>
          {t('title')} · {customer.name}
        </h2>
        <div className="row" data-testid="desk-flags">
          <span className={spotCheck ? 'badge warn' : 'badge'} data-testid="desk-kind">
            {t(`kind.${task.kind}`)}
          </span>
          {spotCheck && task.dueBy && <span className="badge info">{t('dueBy', { time: when(task.dueBy) })}</span>}
          <span className="badge info">{t('attemptOf', { n: task.nextAttemptNo })}</span>
          <span className="badge">{t('noContactLeft', { left: task.noContactLeft })}</span>
          {flags.appointment && task.appointmentAt && <span className="badge info">{t('flags.appointment', { time: when(task.appointmentAt) })}</span>}
          {flags.late && <span className="badge warn">{t('flags.late')}</span>}
          {flags.boosted && <span className="badge warn">{t('flags.boosted')}</span>}
          {flags.recheck && <span className="badge warn">{t('flags.recheck')}</span>}
          {flags.lastAttempt && <span className="badge danger">{t('flags.lastAttempt')}</span>}
        </div>
      </div>

      <dl className="facts" style={{ marginTop: 12 }}>
        <dt>{t('customer')}</dt>
        <dd>
          {customer.name} · {t('groupCode')} {customer.groupCode} · {t('class')} {customer.class}
        </dd>
        <dt>{t('unit')}</dt>
        <dd>{preview.unitName ?? '—'}</dd>
        <dt>{t('address')}</dt>
        <dd>{customer.address || '—'}</dd>
        <dt>{t('manager')}</dt>
        <dd>{preview.managerName}</dd>
      </dl>

      <h3>{t(spotCheck ? 'contactsOnFile' : 'contacts')}</h3>
      <table className="data" data-testid="desk-contacts">
        <thead>
          <tr>
            <th>{t('contactName')}</th>
            <th>{t('contactTitle')}</th>
            <th>{t('contactRole')}</th>
            <th>{t('phone')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.contacts.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{c.title || '—'}</td>
              <td>{tc(`contactRole.${c.role}`)}</td>
              <td data-testid="desk-phone" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {c.phoneMasked}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('phoneMaskedHint')}</p>

      {spotCheck ? (
        <>
          <h3>{t('plan')}</h3>
          <p className="small">{t('spotCheckHint')}</p>
          {plan ? (
            <dl className="facts" data-testid="desk-plan">
              <dt>{t('plannedAt')}</dt>
              <dd>{when(plan.plannedAt)}</dd>
              <dt>{t('place')}</dt>
              <dd>{plan.place || '—'}</dd>
              <dt>{t('plannedContact')}</dt>
              <dd>{plan.contactName || '—'}</dd>
              <dt>{t('plannedPurpose')}</dt>
              <dd>{plan.purpose}</dd>
            </dl>
          ) : (
            <p className="muted" data-testid="desk-visit-blind">
              {t('planBlindHint')}
            </p>
          )}
        </>
      ) : (
        <h3>{t('visit')}</h3>
      )}
      {spotCheck ? null : visit ? (
        <dl className="facts" data-testid="desk-visit">
          <dt>{t('visitType')}</dt>
          <dd>{tc(`visitType.${visit.type}`)}</dd>
          <dt>{t('visitedAt')}</dt>
          <dd>{when(visit.visitedAt)}</dd>
          <dt>{t('reportedAt')}</dt>
          <dd>{when(visit.reportedAt)}</dd>
          <dt>{t('checkIn')}</dt>
          <dd>{tc(`checkIn.${visit.checkInMethod}`)}</dd>
          <dt>{t('purpose')}</dt>
          <dd>{visit.purpose}</dd>
        </dl>
      ) : (
        <p className="muted" data-testid="desk-visit-blind">
          {tw('blindHint')}
        </p>
      )}

      <h3>{t('attempts')}</h3>
      {preview.attempts.length === 0 ? (
        <p className="muted">{t('noAttempts')}</p>
      ) : (
        <table className="data" data-testid="desk-attempts">
          <thead>
            <tr>
              <th className="num">{t('attemptNo')}</th>
              <th>{t('when')}</th>
              <th>{t('agent')}</th>
              <th>{t('outcome')}</th>
              <th>{t('notes')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.attempts.map((a) => (
              <tr key={a.attemptNo}>
                <td className="num">{a.attemptNo}</td>
                <td>{when(a.endedAt)}</td>
                <td>{a.agentName}</td>
                <td>
                  {to(a.outcome)}
                  {a.appointmentAt ? ` · ${when(a.appointmentAt)}` : ''}
                </td>
                <td>{a.notes || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
