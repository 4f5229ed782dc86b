/** The page frame: skip link, header with navigation and language switch, main, footer. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { readsRoster } from '../features/duty/roster.ts';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { hasStaffHint, useSession, useSignOut } from '../features/session/hooks.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation();
  const active =
    href === '/' || href === '/staff'
      ? location === href || (href === '/staff' && location.startsWith('/staff/case'))
      : location.startsWith(href);
  return (
    <Link href={href} className="nav-link" aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [location, navigate] = useLocation();
  // Residents' pages skip the session check unless this device has signed in before.
  const session = useSession({
    enabled: hasStaffHint() || location.startsWith('/staff') || location.startsWith('/signin'),
  });
  const signOut = useSignOut();
  const user = session.data?.user;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">civicgrid</span>
            <span className="brand-tagline">{t('layout.tagline')}</span>
          </Link>
          <LanguageSwitch />
        </div>
        <nav className="site-nav" aria-label={t('layout.navigation')}>
          <div className="nav-inner">
            <NavLink href="/">{t('nav.report')}</NavLink>
            <NavLink href="/track">{t('nav.track')}</NavLink>
            {user ? (
              <>
                <NotificationBell userId={user.id} />
                <NavLink href="/staff">{t('nav.staff')}</NavLink>
                <NavLink href="/field">{t('field.nav')}</NavLink>
                <NavLink href="/staff/map">{t('mapView.nav')}</NavLink>
                <NavLink href="/staff/dashboard">{t('dashboard.nav')}</NavLink>
                {readsRoster(session.data) ? (
                  <NavLink href="/staff/duty">{t('duty.nav')}</NavLink>
                ) : null}
                {session.data?.roles.some((r) => r.role === 'admin') ? (
                  <NavLink href="/staff/admin">{t('admin.nav')}</NavLink>
                ) : null}
                <span className="nav-user" title={user.login}>
                  {user.displayName}
                </span>
                <button
                  type="button"
                  className="nav-link nav-button"
                  disabled={signOut.isPending}
                  onClick={() =>
                    signOut.mutate(undefined, { onSuccess: () => navigate('/signin') })
                  }
                >
                  {t('nav.signOut')}
                </button>
              </>
            ) : (
              <NavLink href="/signin">{t('nav.signIn')}</NavLink>
            )}
          </div>
        </nav>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>
          {t('layout.footer')} · <a href="/api/v1/docs">{t('layout.api')}</a>
        </p>
      </footer>
    </>
  );
}
