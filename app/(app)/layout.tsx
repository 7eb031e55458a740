import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { navFor } from '@/lib/web/navigation';
import { currentActor } from '@/lib/web/session';
import { LocaleSwitch } from '../_components/locale-switch';
import { NavLinks } from '../_components/nav-links';
import { SignOutButton } from '../_components/sign-out-button';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  const [t, tn, tc] = await Promise.all([getTranslations('common'), getTranslations('nav'), getTranslations('common.roles')]);
  const items = navFor(actor.role).map((item) => ({ href: item.href, label: tn(item.label) }));
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          {t('appName')}
        </Link>
        <div className="topbar-right">
          <span className="who" data-testid="current-user">
            {actor.displayName} · {tc(actor.role)}
          </span>
          <LocaleSwitch />
          <SignOutButton />
        </div>
      </header>
      <div className="body">
        <nav className="sidenav" aria-label={t('navigation')}>
          <NavLinks items={items} />
        </nav>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
