import { getTranslations } from 'next-intl/server';
import { pageCtx } from '@/lib/web/page-guard';
import { DASHBOARD_BASE_PATH } from '@/lib/queues-dashboard/board';

export default async function QueuesDashboardPage() {
  await pageCtx('staff', 'admin');
  const t = await getTranslations('nav');
  return (
    <section>
      <h1>{t('queueDashboard')}</h1>
      <iframe src={DASHBOARD_BASE_PATH} title={t('queueDashboard')} style={{ width: '100%', height: 'calc(100vh - 140px)', border: '1px solid var(--border)', borderRadius: 6, background: '#fff' }} />
    </section>
  );
}
