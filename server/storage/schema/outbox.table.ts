/** Row types of notifications leaving civicgrid (migration 2026-11-29T0700-outbox). */
export interface OutboxTable {
  id: string;
  /** `email` or `webhook`. */
  kind: string;
  /** Unique: enqueueing the same message twice keeps one row. */
  dedupe_key: string;
  case_id: string | null;
  /** The subscription a webhook delivery goes to (null for e-mail). */
  webhook_id: string | null;
  /** JSON: the rendered e-mail, or the webhook event and its exact body. */
  payload: string;
  /** `pending`, `sent`, `failed` (will retry) or `dead` (gave up). */
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface OutboxAttemptsTable {
  id: string;
  message_id: string;
  attempt: number;
  at: string;
  /** 1 delivered, 0 failed. */
  ok: number;
  /** The receiver's HTTP status (webhooks) or SMTP reply code, when there was one. */
  status_code: number | null;
  error: string | null;
}

export interface WebhooksTable {
  id: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  /** The HMAC key; kept as is because every delivery is signed with it (blanked on removal). */
  secret: string;
  /** 1 active, 0 removed. */
  active: number;
  /** Subtree of the subscribing admin: `/rootId/…/id/`. */
  area_path: string;
  created_at: string;
}

export interface DeadlineWarningsTable {
  case_id: string;
  stage: string;
  /** The stage deadline warned about: a moved deadline gets its own warning. */
  due_at: string;
  warned_at: string;
}
