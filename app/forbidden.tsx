import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function Forbidden() {
  const t = await getTranslations('common');
  return (
    <main className="centered">
      <div className="card narrow">
        <h1>403</h1>
        <p>{t('forbidden')}</p>
        <Link href="/">{t('backHome')}</Link>
      </div>
    </main>
  );
}
