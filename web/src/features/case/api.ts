/** One case as staff work it: the case, its timeline, its photos and its workflow steps. */
import { request } from '../../api/client.ts';
import type { Case, CaseStatus } from '../../api/types.ts';

/** The staff view of one case (`GET /cases/{id}`), with the steps the caller may take now. */
export interface CaseDetail extends Case {
  /** The handler, named to staff (`displayName` when the account still exists). */
  handler: { id: string; displayName?: string } | null;
  coDepartments?: { id: string; code: string }[];
  deadlines?: Record<string, { due: string; doneAt: string | null; overdue: boolean }>;
  reporter?: {
    anonymous: boolean;
    consent: boolean;
    name?: string | null;
    phone?: string | null;
    email?: string | null;
  } | null;
  duplicateOf?: string | null;
  answer?: string | null;
  actions: string[];
}

/** One timeline entry (`GET /cases/{id}/events`). */
export interface CaseEvent {
  id: string;
  kind: string;
  action: string | null;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  actor: { id: string; name: string | null } | null;
  note: string | null;
  public: boolean;
  details: Record<string, unknown>;
  attachments: { id: string; mediaType: string }[];
  at: string;
}

export const getCase = (id: string, signal?: AbortSignal) =>
  request<CaseDetail>(`/api/v1/cases/${encodeURIComponent(id)}`, { signal });

export const getEvents = (id: string, signal?: AbortSignal) =>
  request<{ items: CaseEvent[] }>(`/api/v1/cases/${encodeURIComponent(id)}/events`, {
    signal,
  }).then((r) => r.items);

/** The address of a stored photo, for an `img` (the server checks the session). */
export const attachmentUrl = (id: string) => `/api/v1/attachments/${encodeURIComponent(id)}`;
