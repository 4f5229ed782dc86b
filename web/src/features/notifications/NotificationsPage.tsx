/**
 * `/staff/notifications`: the signed-in staff member's inbox (通知), newest first, urgent
 * reports marked; "Unread only" (`?unread=1`), "Mark read" each or all up to the newest
 * shown, "Show more" a page at a time. Each message is worded in the reader's language from
 * its facts (`notice-wording.ts`). Times are relative within a day, else a day and time in
 * the city's time zone (the duty roster's calendar and formatter).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { ErrorNotice, useErrorMessage } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useFormat, useLocalName } from '../../i18n/format.ts';
import { useDutyFormat } from '../duty/duty-format.ts';
import { useTimeZone } from '../duty/hooks.ts';
import { useSession } from '../session/hooks.ts';
import {
  useMarkAllRead,
  useMarkRead,
  useNotifications,
  useReloadOnArrival,
  useUnreadCount,
} from './hooks.ts';
import { NotificationItem } from './NotificationItem.tsx';
import { shiftEdges, wordingOf, type NoticeWords } from './notice-wording.ts';
import { localiseInstants, newestId, showsRelative } from './notices.ts';
import type { Notice } from './api.ts';
import '../duty/i18n/register.ts';
import './i18n/register.ts';
import './notifications.css';

/** The current time, moved on every minute so "5 minutes ago" stays true. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const userId = session.data?.user.id ?? '';
  const search = useSearch();
  const [, navigate] = useLocation();
  const unreadOnly = new URLSearchParams(search).get('unread') === '1';
  const pages = useNotifications(userId, unreadOnly);
  const count = useUnreadCount(userId);
  useReloadOnArrival(userId, count.data?.unread);
  const markRead = useMarkRead(userId);
  const markAll = useMarkAllRead(userId);
  const errorMessage = useErrorMessage();
  const [status, setStatus] = useState('');
  const now = useNow();
  const format = useFormat();
  const timeZone = useTimeZone();
  const zone = timeZone.data;
  const cityFormat = useDutyFormat(zone ?? 'UTC');

  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const newest = newestId(pages.data?.pages ?? []);
  const anyUnread = (count.data?.unread ?? 0) > 0 || items.some((n) => n.readAt === null);
  // Without the city's time zone (still loading, or unreadable) the reader's own shows.
  const fullTime = (iso: string) => (zone ? cityFormat.instant(iso) : format.dateTime(iso));
  const timeOf = (iso: string) => ({
    text: showsRelative(iso, now) ? format.relative(iso, now) : fullTime(iso),
    full: fullTime(iso),
  });
  const localName = useLocalName();
  const words: NoticeWords = {
    instant: fullTime,
    span: (startsAt, endsAt) => {
      if (!zone) return t('duty.time.span', { start: fullTime(startsAt), end: fullTime(endsAt) });
      const edges = shiftEdges(startsAt, endsAt, zone);
      return t('duty.time.onDay', {
        day: cityFormat.day(edges.day),
        time: cityFormat.span({ ...edges, allDay: false }, false),
      });
    },
    shifts: (count, startsAt) =>
      t('notifications.messages.shifts', { number: count, start: fullTime(startsAt) }),
    stage: (stage) => t(`casePage.stages.${stage}`),
    areaName: localName,
    dutyRole: (role) => t(`notifications.dutyRoles.${role}`),
  };
  // Worded in the reader's language from its facts; else the server's sentence, its
  // instants in the city's time.
  const messageOf = (notice: Notice) => {
    const wording = wordingOf(notice, words);
    if (wording) return t(`notifications.messages.${wording.key}`, wording.values);
    return zone ? localiseInstants(notice.message, fullTime) : notice.message;
  };

  const setUnreadOnly = (on: boolean) => {
    setStatus('');
    navigate(on ? '/staff/notifications?unread=1' : '/staff/notifications', { replace: true });
  };

  const markAllRead = () => {
    if (!newest) return;
    setStatus('');
    markAll.mutate(newest, {
      onSuccess: (marked) =>
        setStatus(
          marked > 0 ? t('notifications.marked', { count: marked }) : t('notifications.markedNone'),
        ),
    });
  };

  const failure = markAll.error ?? markRead.error;

  return (
    <div className="notices-page">
      <PageHeading title={t('notifications.title')}>{t('notifications.lead')}</PageHeading>
      <div className="notices-toolbar">
        <label className="notices-filter">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => setUnreadOnly(e.target.checked)}
            data-testid="notifications-unread-only"
          />{' '}
          {t('notifications.unreadOnly')}
        </label>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={!newest || !anyUnread || markAll.isPending}
          onClick={markAllRead}
          aria-describedby="notices-mark-all-hint"
          data-testid="notifications-mark-all"
        >
          {t('notifications.markAll')}
        </button>
      </div>
      <p className="hint" id="notices-mark-all-hint">
        {t('notifications.markAllHint')}
      </p>
      <p className="notices-status" role="status" data-testid="notifications-status">
        {status}
      </p>
      {failure ? (
        <p className="field-error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}

      {pages.isPending ? (
        <Loading block label={t('common.loading')} />
      ) : !pages.data ? (
        <ErrorNotice error={pages.error} onRetry={() => void pages.refetch()} />
      ) : items.length === 0 ? (
        <div className="notices-empty card" data-testid="notifications-empty">
          <p className="notices-empty-title">
            {unreadOnly ? t('notifications.allRead') : t('notifications.empty')}
          </p>
          <p className="muted">
            {unreadOnly ? t('notifications.allReadHint') : t('notifications.emptyHint')}
          </p>
        </div>
      ) : (
        <>
          <ul
            className="notices-list"
            aria-label={t('notifications.listLabel')}
            data-testid="notifications-list"
          >
            {items.map((notice) => (
              <NotificationItem
                key={notice.id}
                notice={notice}
                message={messageOf(notice)}
                time={timeOf(notice.createdAt)}
                marking={markRead.isPending && markRead.variables === notice.id}
                onMarkRead={() => {
                  setStatus('');
                  markRead.mutate(notice.id, {
                    // Said aloud: the button goes, and under "Unread only" the notice too.
                    onSuccess: () => setStatus(t('notifications.marked', { count: 1 })),
                  });
                }}
              />
            ))}
          </ul>
          {pages.hasNextPage ? (
            <button
              type="button"
              className="btn btn-secondary notices-more"
              disabled={pages.isFetchingNextPage}
              onClick={() => void pages.fetchNextPage()}
              data-testid="notifications-more"
            >
              {pages.isFetchingNextPage
                ? t('notifications.loadingMore')
                : t('notifications.showMore')}
            </button>
          ) : (
            <p className="muted small notices-end">{t('notifications.end')}</p>
          )}
          {pages.isFetchNextPageError ? (
            <ErrorNotice error={pages.error} onRetry={() => void pages.fetchNextPage()} />
          ) : null}
        </>
      )}
    </div>
  );
}
