/**
 * The bell in the staff navigation: a link to the inbox whose badge counts the unread
 * notifications (asked every half minute and when the window regains focus; "99+" from
 * 100 on), and whose name says the count to screen readers ("Notifications, 3 unread").
 */
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useUnreadCount } from './hooks.ts';
import { badgeOf } from './notices.ts';
import './bell.css';

export const INBOX_PATH = '/staff/notifications';

export function NotificationBell({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const count = useUnreadCount(userId);
  const badge = badgeOf(count.data);
  const label =
    badge.label === 'some'
      ? t('notifications.bell.some', { unread: count.data?.unread ?? 0 })
      : t(`notifications.bell.${badge.label}`);
  return (
    <Link
      href={INBOX_PATH}
      className="nav-link nav-bell"
      aria-label={label}
      aria-current={location.startsWith(INBOX_PATH) ? 'page' : undefined}
      data-testid="notification-bell"
      data-unread={count.data?.unread ?? 0}
    >
      <svg
        className="nav-bell-icon"
        viewBox="0 0 24 24"
        width="22"
        height="22"
        aria-hidden="true"
        focusable="false"
      >
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {badge.text ? (
        <span className="nav-bell-count" aria-hidden="true" data-testid="notification-count">
          {badge.text}
        </span>
      ) : null}
    </Link>
  );
}
