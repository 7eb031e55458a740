import { getLocale, getTranslations } from 'next-intl/server';
import { env } from '@/lib/platform/config/env';
import { toLocalInput } from '@/lib/platform/time/zone';
import { zoneName } from '@/lib/platform/time/zone-name';
import { listReportableCustomers } from '@/lib/visits/visits';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { VisitForm } from './visit-form';

export default async function NewVisitPage() {
  const ctx = await pageCtx('manager');
  const customers = await pageLoad(() => listReportableCustomers({ ctx }));
  const t = await getTranslations('visits');
  // "Now" as a wall-clock in the app's zone, computed here so the browser's own zone does not matter.
  const now = toLocalInput(ctx.now(), env().APP_TIMEZONE);
  return (
    <section>
      <h1>{t('newTitle')}</h1>
      <p className="muted">{t('newIntro')}</p>
      <div className="card">
        {customers.length === 0 ? (
          <p className="alert warn">{t('form.noCustomers')}</p>
        ) : (
          <VisitForm
            now={now}
            timeZone={zoneName(env().APP_TIMEZONE, await getLocale())}
            customers={customers.map((c) => ({
              id: c.id,
              label: `${c.name} · ${c.groupCode}`,
              contacts: c.contacts.map((k) => ({ id: k.id, name: k.name, title: k.title, role: k.role, phone: k.phone })),
            }))}
          />
        )}
      </div>
    </section>
  );
}
