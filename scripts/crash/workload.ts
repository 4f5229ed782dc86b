/**
 * The load of one trial: several loops at full speed, each reporting cases (anonymous,
 * with an `Idempotency-Key`) and taking the dispatcher's steps on them (register, dispatch
 * to sanitation, comment) with the version from the last answer. Every 2xx answer fully
 * received is recorded as acknowledged; a report still unanswered when the server is
 * killed is kept, so that it can be retried with its key after the restart.
 */
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { DEMO_PASSWORD } from '../../server/services/seed-demo.ts';
import type { Answer, LoopbackClient } from './loopback-client.ts';

/** A report the server acknowledged. */
export interface ReportAck {
  kind: 'report';
  caseId: string;
  trackingCode: string;
  version: number;
  key: string;
  input: ReportInput;
}

/** A workflow step the server acknowledged, with the version its answer returned. */
export interface StepAck {
  kind: 'step';
  caseId: string;
  action: string;
  version: number;
}

/** Anything the server acknowledged. */
export type Ack = ReportAck | StepAck;

/** The body of a report. */
export interface ReportInput {
  category: string;
  description: string;
  lat: number;
  lon: number;
  priority: 'normal' | 'urgent';
}

/** A report sent but never answered (the server died first): its outcome is unknown. */
export interface PendingReport {
  key: string;
  input: ReportInput;
}

/** What the test knows of a case from its answers. */
interface TrackedCase {
  id: string;
  version: number;
  status: string;
  busy: boolean;
  /** Refused for good (403, 404): no more steps are tried on it. */
  retired: boolean;
}

/** What one drive did. */
export interface DriveResult {
  acks: Ack[];
  /** Requests whose answer never (fully) arrived because of the kill. */
  inFlightAtKill: number;
  /** Non-2xx answers by status (409 and 422 are expected races with the sweeper or an unanswered step). */
  refused: Map<number, number>;
  /** 5xx answers and transport errors before the kill: the server misbehaving under load. */
  anomalies: string[];
}

const CATEGORY = 'E0101';
/** Steps are taken on the most recently reported cases, so most move through the workflow. */
const RECENT = 64;

/** Reads the case's version and status from an answer body. */
function caseOf(answer: Answer): { id: string; version: number; status: string } {
  const body = answer.body as { id?: unknown; version?: unknown; status?: unknown };
  if (
    typeof body?.id !== 'string' ||
    typeof body.version !== 'number' ||
    typeof body.status !== 'string'
  ) {
    throw new Error(`unexpected answer body: ${JSON.stringify(answer.body).slice(0, 200)}`);
  }
  return { id: body.id, version: body.version, status: body.status };
}

/** The load across trials: it remembers the cases it made and the version it last saw. */
export class Workload {
  private readonly cases = new Map<string, TrackedCase>();
  private readonly order: string[] = [];
  private keys = 0;
  private comments = 0;

  constructor(
    private readonly random: () => number,
    private readonly runTag: string,
  ) {}

  /** A fresh report with a fresh idempotency key. */
  private nextReport(): PendingReport {
    const n = ++this.keys;
    const point = DEMO_POINTS[Math.floor(this.random() * DEMO_POINTS.length)] ?? DEMO_POINTS[0];
    if (!point) throw new Error('the demo district has no sample points');
    return {
      key: `${this.runTag}-${n}`,
      input: {
        category: CATEGORY,
        description: `Crash test report ${n}: bags of garbage left beside the kerb.`,
        lat: point.lat,
        lon: point.lon,
        priority: this.random() < 0.5 ? 'urgent' : 'normal',
      },
    };
  }

  /** Sends a report; a 201 is acknowledged (and its case tracked). */
  async report(client: LoopbackClient, pending: PendingReport): Promise<Answer> {
    return client.send('/api/v1/cases', {
      method: 'POST',
      body: pending.input,
      headers: { 'idempotency-key': pending.key },
      from: client.rotatingSource(),
    });
  }

  /** Records an acknowledged report and starts tracking its case. */
  acknowledgeReport(pending: PendingReport, answer: Answer): ReportAck {
    const c = caseOf(answer);
    const trackingCode = String((answer.body as { trackingCode?: unknown }).trackingCode);
    if (!this.cases.has(c.id)) {
      this.cases.set(c.id, { ...c, busy: false, retired: false });
      this.order.push(c.id);
    }
    return {
      kind: 'report',
      caseId: c.id,
      trackingCode,
      version: c.version,
      key: pending.key,
      input: pending.input,
    };
  }

  /** Signs a demo account in (the dispatcher by default); returns the session cookie. */
  async signIn(client: LoopbackClient, login = 'dispatcher'): Promise<string> {
    const answer = await client.send('/api/v1/session', {
      method: 'POST',
      body: { login, password: DEMO_PASSWORD },
      from: client.rotatingSource(),
    });
    const header = answer.headers['set-cookie'];
    const first = Array.isArray(header) ? header[0] : header;
    if (answer.status !== 200 || !first) {
      throw new Error(`${login} could not sign in (${answer.status})`);
    }
    return first.split(';')[0] as string;
  }

  /**
   * As the demo admin, gives urgent reports of the test's category one-minute stages and
   * escalation one minute after a stage runs over: cases left waiting go overdue within
   * the run, so the deadline sweeper writes too, beside the load, at each start.
   */
  async shortenUrgentDeadlines(client: LoopbackClient): Promise<void> {
    const cookie = await this.signIn(client, 'admin');
    const answer = await client.send('/api/v1/sla-policies', {
      method: 'PUT',
      headers: { cookie },
      body: {
        category: CATEGORY,
        priority: 'urgent',
        minutes: { register: 1, dispatch: 1, handle: 1, verify: 1, answer: 1 },
        escalateAfterOverdueMinutes: 1,
      },
    });
    if (answer.status !== 204) {
      throw new Error(
        `setting the SLA policy failed (${answer.status}): ${JSON.stringify(answer.body)}`,
      );
    }
  }

  /** A tracked case no loop is working on, among the newest; undefined when none is free. */
  private pickCase(): TrackedCase | undefined {
    const recent = this.order.slice(-RECENT);
    for (let tries = 0; tries < 8 && recent.length > 0; tries++) {
      const id = recent[Math.floor(this.random() * recent.length)] as string;
      const c = this.cases.get(id);
      if (c && !c.busy && !c.retired) return c;
    }
    return undefined;
  }

  /** The dispatcher's next step on a case, by the status last seen. */
  private stepFor(c: TrackedCase): Record<string, unknown> {
    if (c.status === 'submitted') {
      return { action: 'register', version: c.version, note: 'Crash test: checked on the map' };
    }
    if (c.status === 'registered' || (c.status === 'dispatched' && this.random() < 0.2)) {
      return { action: 'dispatch', version: c.version, department: 'sanitation' };
    }
    return { action: 'comment', version: c.version, text: `Crash test note ${++this.comments}` };
  }

  /** Re-reads a case after a refusal (its version moved without us: the sweeper, a lost answer). */
  private async refresh(client: LoopbackClient, cookie: string, c: TrackedCase): Promise<void> {
    const answer = await client.send(`/api/v1/cases/${c.id}`, { headers: { cookie } });
    if (answer.status === 200) {
      const fresh = caseOf(answer);
      c.version = fresh.version;
      c.status = fresh.status;
    }
  }

  /**
   * Runs `loops` loops against the server for `durationMs`, then calls `kill` and waits
   * for every loop to notice.
   */
  async drive(options: {
    client: LoopbackClient;
    cookie: string;
    loops: number;
    durationMs: number;
    kill: () => Promise<void>;
  }): Promise<DriveResult> {
    const { client, cookie } = options;
    const result: DriveResult = {
      acks: [],
      inFlightAtKill: 0,
      refused: new Map(),
      anomalies: [],
    };
    const pending: PendingReport[] = [];
    let killing = false;
    const refuse = (answer: Answer, what: string) => {
      result.refused.set(answer.status, (result.refused.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) {
        result.anomalies.push(
          `${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
        );
      }
    };
    const failed = (error: unknown, what: string) => {
      if (killing) result.inFlightAtKill++;
      else result.anomalies.push(`${what}: ${error instanceof Error ? error.message : error}`);
    };

    const loop = async () => {
      while (!killing) {
        const c = this.random() < 0.45 ? undefined : this.pickCase();
        if (!c) {
          const report = this.nextReport();
          try {
            const answer = await this.report(client, report);
            if (answer.status === 201) result.acks.push(this.acknowledgeReport(report, answer));
            else refuse(answer, `report ${report.key}`);
          } catch (error) {
            pending.push(report);
            failed(error, `report ${report.key}`);
          }
          continue;
        }
        c.busy = true;
        const body = this.stepFor(c);
        try {
          const answer = await client.send(`/api/v1/cases/${c.id}/actions`, {
            method: 'POST',
            body,
            headers: { cookie },
          });
          if (answer.status === 200) {
            const next = caseOf(answer);
            c.version = next.version;
            c.status = next.status;
            result.acks.push({
              kind: 'step',
              caseId: c.id,
              action: String(body.action),
              version: next.version,
            });
          } else {
            refuse(answer, `${String(body.action)} on ${c.id}`);
            if ((answer.status === 409 || answer.status === 422) && !killing) {
              await this.refresh(client, cookie, c);
            } else if (answer.status === 403 || answer.status === 404) {
              c.retired = true;
            }
          }
        } catch (error) {
          failed(error, `${String(body.action)} on ${c.id}`);
        } finally {
          c.busy = false;
        }
      }
    };

    const loops = Array.from({ length: options.loops }, loop);
    await new Promise((resolve) => setTimeout(resolve, options.durationMs));
    killing = true;
    await options.kill();
    await Promise.all(loops);
    this.pendingReports.push(...pending);
    return result;
  }

  /** Reports whose outcome the last kill left unknown, waiting to be retried. */
  readonly pendingReports: PendingReport[] = [];
}
