import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listManagerOptions } from '@/lib/claims/claims';
import { env } from '@/lib/platform/config/env';
import { getCustomer } from '@/lib/customers/customers';
import { listUnits } from '@/lib/org/units';
import { toLocalInput } from '@/lib/platform/time/zone';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { ClassBadge } from '@/app/(app)/customers/_components/class-badge';
import { ContactsSection } from './contacts-section';
import { CustomerEditForm } from './customer-edit-form';
import { ReassignForm } from './reassign-form';

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageCtx('admin', 'staff', 'supervisor', 'manager');
  const { id } = await params;
  const customer = await pageLoad(() => getCustomer({ ctx, input: { id } }));
  const [units, managers] = await pageLoad(() =>
    Promise.all([
      customer.canEditCustomer ? listUnits({ ctx }) : Promise.resolve([]),
      customer.canReassign ? listManagerOptions({ ctx }) : Promise.resolve([]),
    ]),
  );
  const [t, format] = await Promise.all([getTranslations('customers'), getFormatter()]);
  const when = (at: Date) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' });
  const current = customer.currentClaim;

  return (
    <section>
      <div className="row space-between">
        <h1>
          {customer.name} <ClassBadge value={customer.class} label={t('classBadge', { class: customer.class })} />{' '}
          <span className={`badge ${customer.status === 'active' ? 'ok' : 'danger'}`}>{t(`statusName.${customer.status}`)}</span>
        </h1>
        <Link href="/customers">{t('backToList')}</Link>
      </div>

      <div className="card">
        <dl className="facts" data-testid="customer-facts">
          <dt>{t('groupCode')}</dt>
          <dd>{customer.groupCode}</dd>
          <dt>{t('unit')}</dt>
          <dd>
            {customer.unitName} ({customer.unitCode})
          </dd>
          <dt>{t('address')}</dt>
          <dd>{customer.address || '—'}</dd>
          <dt>{t('coordinates')}</dt>
          <dd>{customer.latitude !== null && customer.longitude !== null ? `${customer.latitude}, ${customer.longitude}` : t('noCoordinates')}</dd>
          <dt>{t('currentManager')}</dt>
          <dd data-testid="current-manager">
            {current ? (
              <>
                {current.managerName} <span className="muted small">{t('since', { from: when(current.effectiveFrom) })}</span>
              </>
            ) : (
              <span className="muted">{t('unclaimed')}</span>
            )}
          </dd>
        </dl>
      </div>

      {customer.canEditCustomer && (
        <>
          <h2>{t('editSection')}</h2>
          <div className="card">
            <p className="muted small">{t('editHelp')}</p>
            <CustomerEditForm
              initial={{
                id: customer.id,
                class: customer.class,
                unitId: customer.unitId,
                address: customer.address,
                latitude: customer.latitude,
                longitude: customer.longitude,
                status: customer.status,
              }}
              units={units.filter((u) => u.active || u.id === customer.unitId).map((u) => ({ id: u.id, name: u.name, code: u.code }))}
            />
          </div>
        </>
      )}

      <h2>
        {t('contactsSection')} <span className="muted small">({customer.activeContacts})</span>
      </h2>
      {customer.belowContactMinimum && (
        <p className="alert warn" data-testid="contacts-below">
          {t('contactsBelowHelp', { min: customer.minContactsAB })}
        </p>
      )}
      {customer.phonesMasked && <p className="muted small">{t('phonesMasked')}</p>}
      <ContactsSection
        customerId={customer.id}
        contacts={customer.contacts}
        canEdit={customer.canEditContacts}
        phonesMasked={customer.phonesMasked}
        canRevealPhones={customer.canRevealPhones}
      />

      <h2>{t('claimsSection')}</h2>
      {customer.claims.length === 0 ? (
        <p className="muted">{t('noClaims')}</p>
      ) : (
        <ol className="card" data-testid="claim-history" style={{ listStyle: 'none', paddingLeft: 20 }}>
          {customer.claims.map((c) => (
            <li key={c.id} style={{ borderLeft: '3px solid var(--border)', padding: '4px 12px', marginBottom: 8 }}>
              <strong>{c.managerName}</strong> ({c.managerUsername}){' '}
              {current?.id === c.id && <span className="badge ok">{t('current')}</span>}
              <div>{t('claimPeriod', { from: when(c.effectiveFrom), to: c.effectiveTo ? when(c.effectiveTo) : t('openEnded') })}</div>
              {c.note && <div className="muted small">{c.note}</div>}
              {c.createdByName && <div className="muted small">{t('recordedBy', { name: c.createdByName })}</div>}
            </li>
          ))}
        </ol>
      )}

      {customer.canReassign && (
        <>
          <h2>{t('reassignSection')}</h2>
          <div className="card">
            <p className="muted small">{t('reassignHelp')}</p>
            <ReassignForm
              customerId={customer.id}
              defaultFrom={toLocalInput(ctx.now(), env().APP_TIMEZONE)}
              managers={managers.filter((m) => m.id !== current?.managerId).map((m) => ({ id: m.id, label: `${m.displayName} (${m.username})${m.unitName ? ` · ${m.unitName}` : ''}` }))}
            />
          </div>
        </>
      )}
    </section>
  );
}
