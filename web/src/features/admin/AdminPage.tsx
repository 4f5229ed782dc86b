/**
 * `/staff/admin/<section>` (admin role only): one page per task, each linkable — the
 * area tree and area files, categories with their SLA policies and routing, the
 * department tree, staff accounts and their role grants, and tokens with the calendar.
 * Areas and staff are limited to the admin's own area subtrees by the server; categories
 * and departments serve the whole city.
 */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { useSession } from '../session/hooks.ts';
import './admin.css';
import './i18n/register.ts';

export const ADMIN_SECTIONS = ['areas', 'categories', 'departments', 'users', 'settings'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

const AreasSection = lazy(() =>
  import('./AreasSection.tsx').then((m) => ({ default: m.AreasSection })),
);
const CategoriesSection = lazy(() =>
  import('./CategoriesSection.tsx').then((m) => ({ default: m.CategoriesSection })),
);
const DepartmentsSection = lazy(() =>
  import('./DepartmentsSection.tsx').then((m) => ({ default: m.DepartmentsSection })),
);
const UsersSection = lazy(() =>
  import('./UsersSection.tsx').then((m) => ({ default: m.UsersSection })),
);
const SettingsSection = lazy(() =>
  import('./SettingsSection.tsx').then((m) => ({ default: m.SettingsSection })),
);

const SECTION_PAGES: Record<AdminSection, () => React.JSX.Element> = {
  areas: () => <AreasSection />,
  categories: () => <CategoriesSection />,
  departments: () => <DepartmentsSection />,
  users: () => <UsersSection />,
  settings: () => <SettingsSection />,
};

/** True when `value` names an admin page. */
export function isAdminSection(value: string | undefined): value is AdminSection {
  return (ADMIN_SECTIONS as readonly string[]).includes(value ?? '');
}

function SectionNav({ current }: { current: AdminSection }) {
  const { t } = useTranslation();
  return (
    <nav className="admin-nav" aria-label={t('admin.sectionsLabel')}>
      <ul>
        {ADMIN_SECTIONS.map((section) => (
          <li key={section}>
            <Link
              href={`/staff/admin/${section}`}
              className="admin-nav-link"
              aria-current={section === current ? 'page' : undefined}
            >
              {t(`admin.sections.${section}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function AdminPage({ section = 'areas' }: { section?: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const isAdmin = session.data?.roles.some((r) => r.role === 'admin') ?? false;
  const known = isAdminSection(section) ? section : null;
  const sectionTitle = known ? t(`admin.sections.${known}`) : t('admin.unknownSection');
  useDocumentTitle(`${sectionTitle} · ${t('admin.title')}`);
  const Page = known ? SECTION_PAGES[known] : null;
  return (
    <div className="wide admin">
      <PageHeading title={t('admin.title')}>{t('admin.lead')}</PageHeading>
      {!isAdmin ? (
        <div className="notice notice-error" role="alert" data-testid="not-allowed">
          <p>{t('admin.notAllowed')}</p>
        </div>
      ) : (
        <>
          <SectionNav current={known ?? 'areas'} />
          <h2 className="admin-section-title">{sectionTitle}</h2>
          {Page ? (
            <Suspense fallback={<Loading block label={t('common.loading')} />}>
              <Page />
            </Suspense>
          ) : (
            <div className="notice notice-error" role="alert">
              <p>{t('admin.unknownSection')}</p>
            </div>
          )}
        </>
      )}
    </div>
  );
}
