/** Names the page and its service worker share. */

/** The Background Sync tag under which the field outbox is sent. */
export const OUTBOX_SYNC_TAG = 'civicgrid-outbox';

/** The message the worker posts to open pages after it sent waiting reports. */
export const OUTBOX_SENT_MESSAGE = 'civicgrid-outbox-sent';
