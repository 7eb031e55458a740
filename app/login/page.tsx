import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { safeCallbackPath } from '@/lib/platform/http/callback-path';
import { currentActor, ROLE_HOME } from '@/lib/web/session';
import { LocaleSwitch } from '../_components/locale-switch';
import { LoginForm } from './login-form';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await currentActor();
  if (actor) redirect(ROLE_HOME[actor.role]);
  const params = await searchParams;
  const t = await getTranslations('auth');
  const tc = await getTranslations('common');
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  return (
    <main className="centered">
      <div className="card narrow">
        <div className="row space-between">
          <h1>{tc('appName')}</h1>
          <LocaleSwitch />
        </div>
        <p className="muted">{t('tagline')}</p>
        <LoginForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
