import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { logger } from '@/lib/platform/log';
import { unreadNotificationCount } from '@/lib/notifications/queries';
import { navFor } from '@/lib/web/navigation';
import { ctxFor, currentActor } from '@/lib/web/session';
import { LocaleSwitch } from '../_components/locale-switch';
import { MenuButton, NavDrawerProvider, SideNav } from '../_components/nav-drawer';
import { TableLabels } from '../_components/table-labels';
import { SignOutButton } from '../_components/sign-out-button';
import { NotificationBell } from './notifications/_components/bell';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  const ctx = ctxFor(actor);
  const [t, tn, tc, unread] = await Promise.all([
    getTranslations('common'),
    getTranslations('nav'),
    getTranslations('common.roles'),
    // The bell must never take the whole page down: without its count it shows none.
    unreadNotificationCount({ ctx }).catch((err: unknown) => {
      logger.error({ err }, 'unread notification count failed');
      return 0;
    }),
  ]);
  // Tells the bell its count is this render's (a count it fetched since is older).
  const renderedAt = ctx.now().getTime();
  const items = navFor(actor.role).map((item) => ({ href: item.href, label: tn(item.label) }));
  return (
    <NavDrawerProvider>
      <div className="shell">
        <header className="topbar">
          <div className="topbar-left">
            <MenuButton openLabel={t('menuOpen')} closeLabel={t('menuClose')} />
            <Link href="/" className="brand">
              {t('appName')}
            </Link>
          </div>
          <div className="topbar-right">
            <NotificationBell initial={unread} renderedAt={renderedAt} />
            <span className="who" data-testid="current-user">
              <span className="who-name">{actor.displayName}</span>
              <span className="who-role"> · {tc(actor.role)}</span>
            </span>
            <LocaleSwitch />
            <SignOutButton />
          </div>
        </header>
        <div className="body">
          <SideNav items={items} label={t('navigation')} />
          <main className="content">{children}</main>
        </div>
      </div>
      <TableLabels />
    </NavDrawerProvider>
  );
}
