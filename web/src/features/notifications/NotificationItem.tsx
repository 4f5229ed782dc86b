/**
 * One notification in the inbox: an "Unread" and an "Urgent" mark in words (not colour
 * alone), its heading by kind, linked to its case (which also marks it read) or to the
 * duty roster, its message in the reader's language, when it came, and "Mark read".
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Notice } from './api.ts';
import { destinationOf, headingOf, isUrgent } from './notices.ts';

export function NotificationItem({
  notice,
  message,
  time,
  marking,
  onMarkRead,
}: {
  notice: Notice;
  /** The message as shown: worded from its facts, else the server's (in the city's time). */
  message: string;
  /** When it came: what is shown, and the full day and time. */
  time: { text: string; full: string };
  /** A "mark read" of this notification is on its way. */
  marking: boolean;
  onMarkRead: () => void;
}) {
  const { t } = useTranslation();
  const unread = notice.readAt === null;
  const urgent = isUrgent(notice);
  const heading = t(`notifications.kinds.${headingOf(notice.kind)}`);
  const destination = destinationOf(notice);
  const headingId = `notice-${notice.id}-heading`;
  const classes = ['notice-item', unread ? 'is-unread' : 'is-read', urgent ? 'is-urgent' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <li
      className={classes}
      data-testid="notification"
      data-id={notice.id}
      data-kind={notice.kind}
      data-unread={unread ? 'true' : 'false'}
    >
      <article aria-labelledby={headingId}>
        <p className="notice-item-marks">
          {urgent ? (
            <span className="badge notice-urgent" data-testid="notification-urgent">
              <span aria-hidden="true">! </span>
              {t('notifications.urgent')}
            </span>
          ) : null}
          {unread ? (
            <span className="badge notice-unread" data-testid="notification-unread">
              <span className="notice-dot" aria-hidden="true" />
              {t('notifications.unread')}
            </span>
          ) : (
            <span className="visually-hidden">{t('notifications.read')}</span>
          )}
          <time
            className="notice-time"
            dateTime={notice.createdAt}
            title={t('notifications.receivedAt', { time: time.full })}
          >
            {time.text}
          </time>
        </p>
        <h2 className="notice-item-title" id={headingId}>
          {destination ? (
            <Link
              href={destination}
              data-testid="notification-link"
              onClick={() => {
                if (unread) onMarkRead();
              }}
            >
              {heading}
            </Link>
          ) : (
            heading
          )}
        </h2>
        <p className="notice-item-message" data-testid="notification-message">
          {message}
        </p>
        {unread ? (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={marking}
            onClick={onMarkRead}
            aria-describedby={headingId}
          >
            {t('notifications.markRead')}
          </button>
        ) : null}
      </article>
    </li>
  );
}
