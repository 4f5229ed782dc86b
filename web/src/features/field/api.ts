/** The grid worker's calls: the patrol report (with its idempotency key) and the grid's cases. */
import { request } from '../../api/client.ts';
import type { ReportAnswer, ReportInput } from '../../api/types.ts';

/** A report from patrol: a resident's report sent by staff through the `field` channel. */
export type FieldReportInput = ReportInput & { channel: 'field' };

/** Sends a patrol report; the same key always answers with the same case. */
export const sendFieldReport = (input: FieldReportInput, idempotencyKey: string) =>
  request<ReportAnswer>('/api/v1/cases', {
    method: 'POST',
    body: input,
    headers: { 'idempotency-key': idempotencyKey },
  });
