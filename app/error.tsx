'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

/**
 * What a page shows when it fails unexpectedly: a message in the reader's language with a way
 * on, never Next's English default. Invalid input is a 404/400 before it gets here; this is for
 * faults (the error is logged on the server, its digest ties the two together).
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('common');
  return (
    <main className="centered">
      <div className="card narrow">
        <h1>{t('errorTitle')}</h1>
        <p>{t('errorText')}</p>
        {error.digest && <p className="muted">{t('errorReference', { digest: error.digest })}</p>}
        <div className="row">
          <button type="button" className="primary" onClick={reset}>
            {t('tryAgain')}
          </button>
          <Link href="/">{t('backHome')}</Link>
        </div>
      </div>
    </main>
  );
}
