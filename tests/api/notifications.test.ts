/**
 * Notifications with real parts: a real SMTP server process (smtp-server) and a real HTTP
 * receiver on 127.0.0.1, the outbox job run under a fake clock so backoff is testable
 * without waiting. Nothing of the network is mocked.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../server/domain/cases/case.ts';
import { runLocked } from '../../server/jobs/job.ts';
import { createCaseWriter } from '../../server/services/case-writer.ts';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createPlanMessages } from '../../server/services/notify/plan-messages.ts';
import { verifyWebhookSignature } from '../../server/services/notify/webhook-signature.ts';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';
import { startMailInbox, type MailInbox } from '../support/mail-inbox.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const MINUTE = 60_000;
/** Monday 2 March 2026, 10:00 in Asia/Shanghai: a working day, so stage deadlines are near. */
const MONDAY_10 = new Date('2026-03-02T02:00:00Z');
const PUBLIC_URL = 'https://civicgrid.test';
const STAFF_PASSWORD = 'notify-password-1';

const inCellA = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.a,
) as (typeof DEMO_POINTS)[number];

describe.each(DIALECTS)('e-mail and webhook notifications on %s', (dialect) => {
  let t: TestApp;
  let inbox: MailInbox;
  let receiver: WebhookReceiver;
  let now = MONDAY_10;
  const cookies: Record<string, string> = {};
  const staff = { handlerId: '', handlerEmail: '', dispatcherEmail: '' };

  const advance = (minutes: number) => {
    now = new Date(now.getTime() + minutes * MINUTE);
  };
  const runSender = () => t.services.outboxSender.run();

  async function report(reporter?: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        category: 'C0104',
        description: 'The street light at the corner has been off for three nights.',
        lat: inCellA.lat,
        lon: inCellA.lon,
        attributes: { lamp_state: 'off' },
        ...(reporter ? { reporter } : {}),
        ...extra,
      },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as Case & { trackingCode: string };
  }

  async function act(login: string, id: string, body: Record<string, unknown>) {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions`,
      headers: { cookie: cookies[login] },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { version: number; status: string };
  }

  async function createStaff(login: string, email: string, role: Record<string, string>) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: cookies.admin },
      payload: { login, displayName: login, email, password: STAFF_PASSWORD, roles: [role] },
    });
    expect(response.statusCode, response.body).toBe(201);
    cookies[login] = await t.signIn(login, STAFF_PASSWORD);
    return response.json().id as string;
  }

  const emailsOf = async (caseId: string) =>
    (await t.services.stores.outbox.listByCase(caseId)).filter((m) => m.kind === 'email');

  beforeAll(async () => {
    inbox = await startMailInbox();
    receiver = await startWebhookReceiver();
    t = await createTestApp(dialect, {
      seed: 'demo',
      clock: { now: () => now },
      config: {
        smtpUrl: inbox.url,
        mailFrom: 'civicgrid <noreply@civicgrid.test>',
        publicUrl: `${PUBLIC_URL}/`,
        webhookAllowPrivate: true,
      },
    });
    for (const login of ['admin', 'dispatcher', 'grid_worker_a']) {
      cookies[login] = await t.signIn(login);
    }
    staff.handlerEmail = `lamp-handler-${dialect}@civicgrid.test`;
    staff.handlerId = await createStaff('lamp_handler', staff.handlerEmail, {
      role: 'handler',
      department: 'street-lighting',
    });
    staff.dispatcherEmail = `night-dispatcher-${dialect}@civicgrid.test`;
    await createStaff('night_dispatcher', staff.dispatcherEmail, {
      role: 'dispatcher',
      area: '990102',
    });
  });
  afterAll(async () => {
    await t?.close();
    await inbox?.stop();
    await receiver?.close();
  });

  it('acknowledges a consenting reporter with the tracking link, in zh-CN then en, as text and HTML', async () => {
    const address = `wang-${dialect}@example.org`;
    const c = await report(
      { name: 'Wang', email: address, consent: true },
      { title: 'Lamp <script>alert(1)</script> & "co"' },
    );
    // Enqueued with the case, sent only by the job.
    const queued = await emailsOf(c.id);
    expect(queued.map((m) => m.status)).toEqual(['pending']);
    expect(inbox.to(address)).toHaveLength(0);

    expect((await runSender()).sent).toBeGreaterThanOrEqual(1);
    const [mail] = await inbox.waitFor(address, 1);
    if (!mail) throw new Error('no mail');
    const trackUrl = `${PUBLIC_URL}/track/${c.trackingCode}`;
    expect(mail.from).toBe('noreply@civicgrid.test');
    expect(mail.subject).toBe(
      `已收到您的报告 ${c.trackingCode} / We received your report ${c.trackingCode}`,
    );
    expect(mail.messageId).toBe(`<${queued[0]?.id}@civicgrid.test>`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    expect(mail.text).toContain(`跟踪码为 ${c.trackingCode}`);
    expect(mail.text).toContain(`Its tracking code is ${c.trackingCode}`);
    expect(mail.text).toContain(trackUrl);
    expect(mail.text.indexOf('您好')).toBeLessThan(mail.text.indexOf('Hello'));
    expect(mail.text).toContain('Lamp <script>alert(1)</script> & "co"');

    expect(mail.html).toContain(`<a href="${trackUrl}">${trackUrl}</a>`);
    expect(mail.html.indexOf('<div lang="zh-CN">')).toBeLessThan(
      mail.html.indexOf('<div lang="en">'),
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Lamp &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;');

    const [message] = await emailsOf(c.id);
    expect(message).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('sends no e-mail for anonymous reporters or reporters who gave no consent', async () => {
    const anonymous = await report();
    const noConsent = await report({ consent: false });
    expect(await emailsOf(anonymous.id)).toEqual([]);
    expect(await emailsOf(noConsent.id)).toEqual([]);
    // Contact details without consent are refused outright, so nothing can be mailed.
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        category: 'C0104',
        description: 'Another dark street light.',
        lat: inCellA.lat,
        lon: inCellA.lon,
        attributes: { lamp_state: 'off' },
        reporter: { email: 'nobody@example.org', consent: false },
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(inbox.to('nobody@example.org')).toHaveLength(0);
  });

  it('e-mails the handler on assignment, the reporter on a public comment and at closure with the answer and a rating link', async () => {
    const address = `li-${dialect}@example.org`;
    const c = await report({
      name: 'Li',
      email: address,
      phone: '+86 138 0000 0001',
      consent: true,
    });
    let v = (await act('dispatcher', c.id, { action: 'register', version: 1 })).version;
    v = (
      await act('dispatcher', c.id, {
        action: 'dispatch',
        version: v,
        department: 'street-lighting',
        handler: staff.handlerId,
      })
    ).version;
    await runSender();

    const [assigned] = await inbox.waitFor(staff.handlerEmail, 1);
    if (!assigned) throw new Error('no mail');
    expect(assigned.subject).toContain(`案件已派遣给您 ${c.trackingCode}`);
    expect(assigned.subject).toContain(`Case ${c.trackingCode} assigned to you`);
    expect(assigned.text).toContain(`${PUBLIC_URL}/staff/cases/${c.id}`);
    expect(assigned.text).toContain('处置'); // the stage, in Chinese
    expect(assigned.text).toContain('handling');
    // Staff mail carries the problem, never the reporter's contact.
    expect(assigned.raw).not.toMatch(/Li\b|138 0000|li-.*@example\.org/);

    v = (await act('lamp_handler', c.id, { action: 'accept', version: v })).version;
    v = (await act('lamp_handler', c.id, { action: 'resolve', version: v, report: 'New lamp.' }))
      .version;
    v = (await act('grid_worker_a', c.id, { action: 'verify', version: v, ok: true })).version;
    v = (
      await act('dispatcher', c.id, { action: 'comment', version: v, text: 'Internal: checked.' })
    ).version;
    v = (
      await act('dispatcher', c.id, {
        action: 'comment',
        version: v,
        text: 'We replaced the lamp;\nplease tell us if it fails again.',
        public: true,
      })
    ).version;
    await act('dispatcher', c.id, {
      action: 'close',
      version: v,
      answer: 'The lamp was replaced on Monday. <b>Thank you</b> for reporting it.',
    });
    await runSender();

    const mails = await inbox.waitFor(address, 3);
    expect(mails.map((m) => m.subject.split(' / ')[1])).toEqual([
      `We received your report ${c.trackingCode}`,
      `A new reply on your report ${c.trackingCode}`,
      `Your report ${c.trackingCode} is closed`,
    ]);
    const [, comment, closed] = mails;
    expect(comment?.text).toContain('please tell us if it fails again.');
    expect(comment?.text).not.toContain('Internal: checked.');
    expect(closed?.text).toContain(
      'The lamp was replaced on Monday. <b>Thank you</b> for reporting it.',
    );
    expect(closed?.text).toContain('书面答复如下');
    expect(closed?.text).toContain(`${PUBLIC_URL}/track/${c.trackingCode}#rating`);
    expect(closed?.html).toContain(`href="${PUBLIC_URL}/track/${c.trackingCode}#rating"`);
    expect(closed?.html).toContain('&lt;b&gt;Thank you&lt;/b&gt;');
    expect(closed?.subject).toContain(`您的报告 ${c.trackingCode} 已办结`);
  });

  it('retries with backoff while the SMTP server is down, loses nothing, and delivers once', async () => {
    await inbox.stop();
    const address = `zhao-${dialect}@example.org`;
    const c = await report({ email: address, consent: true });
    const [queued] = await emailsOf(c.id);
    if (!queued) throw new Error('nothing queued');

    expect(await runSender()).toMatchObject({ sent: 0, failed: 1 });
    let row = await t.services.stores.outbox.findById(queued.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(row?.nextAttemptAt).toBe(new Date(now.getTime() + MINUTE).toISOString());

    // Not due yet: nothing is tried.
    expect(await runSender()).toMatchObject({ sent: 0, failed: 0 });
    advance(1);
    expect(await runSender()).toMatchObject({ sent: 0, failed: 1 });
    row = await t.services.stores.outbox.findById(queued.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row?.nextAttemptAt).toBe(new Date(now.getTime() + 2 * MINUTE).toISOString());

    await inbox.start();
    advance(1);
    expect(await runSender()).toMatchObject({ sent: 0, failed: 0 });
    advance(1);
    expect(await runLocked(t.services.db, t.services.outboxSender, 'test')).toMatchObject({
      sent: 1,
    });
    advance(60);
    await runSender();
    const mails = await inbox.waitFor(address, 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.messageId).toBe(`<${queued.id}@civicgrid.test>`);
    row = await t.services.stores.outbox.findById(queued.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    const log = await t.services.stores.outbox.listAttempts([queued.id]);
    expect(log.map((a) => [a.attempt, a.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(log[2]?.statusCode).toBe(250);
  });

  it('re-sends a message whose send was cut off by a crash, under the same Message-ID', async () => {
    const address = `qian-${dialect}@example.org`;
    const c = await report({ email: address, consent: true });
    const [queued] = await emailsOf(c.id);
    if (!queued) throw new Error('nothing queued');
    // A sender claims the message, sends it, and dies before recording the outcome.
    expect(await t.services.stores.outbox.claim(queued, new Date(now.getTime() + 5 * MINUTE))).toBe(
      true,
    );
    expect(await t.services.stores.outbox.claim(queued, new Date(now.getTime()))).toBe(false);
    expect(await runSender()).toMatchObject({ sent: 0 });
    advance(5);
    expect(await runSender()).toMatchObject({ sent: 1 });
    const [mail] = await inbox.waitFor(address, 1);
    expect(mail?.messageId).toBe(`<${queued.id}@civicgrid.test>`);
    expect(await t.services.stores.outbox.findById(queued.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('delivers signed webhooks, retries a 500, logs every attempt and replays on request', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { cookie: cookies.admin },
      payload: { url: receiver.url, events: ['case.created', 'case.transitioned', 'case.closed'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json();
    expect(hook).toMatchObject({ url: receiver.url, active: true });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/webhooks',
      headers: { cookie: cookies.admin },
    });
    expect(listed.json().items).toEqual([
      {
        id: hook.id,
        url: receiver.url,
        events: ['case.created', 'case.transitioned', 'case.closed'],
        active: true,
        createdAt: hook.createdAt,
      },
    ]);

    receiver.status = 500;
    const c = await report({ name: 'Sun', email: `sun-${dialect}@example.org`, consent: true });
    expect(receiver.requests).toHaveLength(0);
    expect(await runSender()).toMatchObject({ failed: 1 });
    expect(receiver.requests).toHaveLength(1);

    receiver.status = 200;
    advance(1);
    expect(await runSender()).toMatchObject({ sent: 1, failed: 0 });
    expect(receiver.requests).toHaveLength(2);
    const [first, second] = receiver.requests;
    if (!first || !second) throw new Error('missing requests');
    expect(second.body).toBe(first.body);
    expect(second.headers['civicgrid-delivery']).toBe(first.headers['civicgrid-delivery']);
    expect(second.headers['civicgrid-event']).toBe('case.created');
    expect(second.headers['content-type']).toMatch(/^application\/json/);

    for (const request of [first, second]) {
      const header = String(request.headers['civicgrid-signature']);
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
      expect(match).not.toBeNull();
      const [, ts, signature] = match as unknown as [string, string, string];
      const expected = createHmac('sha256', hook.secret)
        .update(`${ts}.${request.body}`)
        .digest('hex');
      expect(signature).toBe(expected);
      expect(verifyWebhookSignature(hook.secret, header, request.body, Number(ts))).toBe(true);
      expect(verifyWebhookSignature('whsec_wrong', header, request.body, Number(ts))).toBe(false);
    }
    expect(String(second.headers['civicgrid-signature'])).toMatch(
      `t=${Math.floor(now.getTime() / 1000)},`,
    );

    const body = JSON.parse(second.body);
    // The tracking code is the reporter's own key: never sent to receivers.
    expect(second.body).not.toContain(c.trackingCode);
    expect(body).toMatchObject({
      event: 'case.created',
      occurredAt: c.createdAt,
      change: { action: 'report', from: null, to: 'submitted' },
      case: {
        id: c.id,
        status: 'submitted',
        category: 'C0104',
        area: DEMO_GRID_CODES.a,
        department: 'street-lighting',
        priority: 'normal',
        deadlines: { register: { due: expect.any(String) } },
        updatedAt: c.updatedAt,
      },
    });
    expect(Object.keys(body.case).sort()).toEqual(
      [
        'area',
        'category',
        'deadlines',
        'department',
        'id',
        'priority',
        'status',
        'updatedAt',
      ].sort(),
    );
    expect(second.body).not.toMatch(/Sun|sun-|example\.org|reporter|description/);

    const deliveries = await t.app.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${hook.id}/deliveries`,
      headers: { cookie: cookies.admin },
    });
    expect(deliveries.statusCode).toBe(200);
    const [delivery] = deliveries.json().items;
    expect(delivery).toMatchObject({
      id: second.headers['civicgrid-delivery'],
      event: 'case.created',
      caseId: c.id,
      status: 'sent',
      attempts: 2,
      nextAttemptAt: null,
      lastError: null,
    });
    expect(delivery.log).toEqual([
      expect.objectContaining({ attempt: 1, ok: false, statusCode: 500 }),
      expect.objectContaining({ attempt: 2, ok: true, statusCode: 200, error: null }),
    ]);

    const replayed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/deliveries/${delivery.id}/replay`,
      headers: { cookie: cookies.admin },
    });
    expect(replayed.statusCode, replayed.body).toBe(202);
    expect(replayed.json()).toMatchObject({
      event: 'case.created',
      status: 'pending',
      attempts: 0,
    });
    expect(replayed.json().id).not.toBe(delivery.id);
    expect(await runSender()).toMatchObject({ sent: 1 });
    const third = receiver.requests[2];
    expect(third?.body).toBe(second.body);
    expect(third?.headers['civicgrid-delivery']).toBe(replayed.json().id);

    // A workflow step is `case.transitioned`; the events it does not subscribe to are not sent.
    await act('dispatcher', c.id, { action: 'register', version: 1 });
    await runSender();
    const last = receiver.requests[3];
    expect(last?.headers['civicgrid-event']).toBe('case.transitioned');
    expect(JSON.parse(last?.body ?? '{}').change).toEqual({
      action: 'register',
      from: 'submitted',
      to: 'registered',
    });
    expect(receiver.requests).toHaveLength(4);

    const listedAgain = await t.app.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${hook.id}/deliveries?limit=2`,
      headers: { cookie: cookies.admin },
    });
    expect(listedAgain.json().items).toHaveLength(2);

    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/webhooks/${hook.id}`,
          headers: { cookie: cookies.admin },
        })
      ).statusCode,
    ).toBe(204);
    await report();
    await runSender();
    expect(receiver.requests).toHaveLength(4);
  });

  /** Who got an in-app notification of `kind` about the case. */
  const toldAbout = async (caseId: string, kind: string) =>
    (
      await t.services.db.kysely
        .selectFrom('notifications')
        .select('user_id')
        .where('case_id', '=', caseId)
        .where('kind', '=', kind)
        .execute()
    )
      .map((r) => r.user_id)
      .sort();

  it('warns staff once that a stage is due soon, and again when it runs overdue', async () => {
    const c = await report();
    const stored = await t.services.stores.cases.findById(c.id);
    const due = Date.parse(stored?.stageDueAt ?? '');
    expect(due).toBeLessThanOrEqual(now.getTime() + 120 * MINUTE);

    // Two working hours to register: warned in the last hour (half the limit), not at once.
    await t.services.dueSoonNotifier.run();
    expect(await toldAbout(c.id, 'case.due_soon')).toEqual([]);
    now = new Date(due - 60 * MINUTE);
    expect((await t.services.dueSoonNotifier.run()).warned).toBeGreaterThanOrEqual(1);
    expect((await toldAbout(c.id, 'case.due_soon')).length).toBeGreaterThan(1);
    expect(await t.services.dueSoonNotifier.run()).toEqual({ warned: 0 });
    await runSender();
    const ours = (m: { subject: string }) => m.subject.includes(c.trackingCode);
    const dueSoon = await inbox.waitFor(staff.dispatcherEmail, 1, ours);
    expect(dueSoon).toHaveLength(1);
    expect(dueSoon[0]?.subject).toMatch(/^即将超时 .*\(?立案/);
    expect(dueSoon[0]?.subject).toContain(`Due soon: ${c.trackingCode} (registration)`);

    now = new Date(Date.parse(stored?.stageDueAt ?? '') + MINUTE);
    expect((await t.services.sweeper.run()).marked).toBeGreaterThanOrEqual(1);
    await runSender();
    const about = await inbox.waitFor(staff.dispatcherEmail, 2, ours);
    expect(about.map((m) => m.subject.split(' / ')[1]?.split(':')[0])).toEqual([
      'Due soon',
      'Overdue',
    ]);
  });

  /** The grid leader puts the night dispatcher (who has an address) on duty in cell A. */
  async function putOnDuty(startsAt: Date, endsAt: Date): Promise<string> {
    const nightDispatcher = (await t.services.stores.users.findByLogin('night_dispatcher'))
      ?.id as string;
    cookies.grid_leader ??= await t.signIn('grid_leader');
    const shift = await t.app.inject({
      method: 'POST',
      url: '/api/v1/duty-shifts',
      headers: { cookie: cookies.grid_leader },
      payload: {
        area: DEMO_GRID_CODES.a,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        primaryUserId: nightDispatcher,
      },
    });
    expect(shift.statusCode, shift.body).toBe(201);
    return nightDispatcher;
  }

  it('warns the officer on duty, not everyone, halfway through an urgent report’s 15 minutes', async () => {
    const nightDispatcher = await putOnDuty(
      new Date(now.getTime() - MINUTE),
      new Date(now.getTime() + 30 * MINUTE),
    );
    // Put on duty: told by e-mail too, with the shift in the city's time and the roster link.
    await runSender();
    const onDuty = await inbox.waitFor(staff.dispatcherEmail, 1, (m) =>
      m.subject.includes('On duty:'),
    );
    expect(onDuty[0]?.subject).toBe(
      `值班安排：柳岸社区第1网格（${DEMO_GRID_CODES.a}），共 1 班 / On duty: Liu'an Grid 1 (${DEMO_GRID_CODES.a}), 1 shift`,
    );
    expect(onDuty[0]?.text).toContain(`${PUBLIC_URL}/staff/duty?area=${DEMO_GRID_CODES.a}`);
    // The shift's start as read in Shanghai (UTC+8, no daylight saving).
    const localStart = new Date(now.getTime() - MINUTE + 8 * 3_600_000).toISOString().slice(11, 16);
    expect(onDuty[0]?.text).toMatch(new RegExp(`Shift 1: .*${localStart}`));
    // The grid leader who planned it has no address: nothing else was enqueued for the plan.
    expect(
      (
        await t.services.db.kysely
          .selectFrom('outbox')
          .select('dedupe_key')
          .where('dedupe_key', 'like', 'duty:%')
          .execute()
      ).map((r) => r.dedupe_key.split(':mail:')[1]),
    ).toEqual([`duty.assigned:${nightDispatcher}`]);
    const c = await report(undefined, { priority: 'urgent' });
    expect(await toldAbout(c.id, 'case.urgent')).toEqual([nightDispatcher]);

    // 15 minutes to register: not warned the minute it came in …
    await t.services.dueSoonNotifier.run();
    expect(await toldAbout(c.id, 'case.due_soon')).toEqual([]);
    // … but with 7 left, and only the officer on duty, as the report itself.
    advance(8);
    await t.services.dueSoonNotifier.run();
    expect(await toldAbout(c.id, 'case.due_soon')).toEqual([nightDispatcher]);
    advance(30);
  });

  it('reminds the officer on duty by e-mail an hour before the shift', async () => {
    const startsAt = new Date(now.getTime() + 2 * 60 * MINUTE);
    await putOnDuty(startsAt, new Date(startsAt.getTime() + 4 * 60 * MINUTE));
    expect(await t.services.dutyReminder.run()).toEqual({ reminded: 0 });
    advance(65);
    expect(await t.services.dutyReminder.run()).toEqual({ reminded: 1 });
    await runSender();
    const reminders = await inbox.waitFor(staff.dispatcherEmail, 1, (m) =>
      m.subject.includes('Reminder: on duty for'),
    );
    expect(reminders[0]?.subject).toMatch(/^值班提醒：柳岸社区第1网格/);
    expect(reminders[0]?.text).toContain(`${PUBLIC_URL}/staff/duty?area=${DEMO_GRID_CODES.a}`);
    expect(await t.services.dutyReminder.run()).toEqual({ reminded: 0 });
  });

  it('enqueues nothing for a change that rolled back', async () => {
    const before = await report({ email: `rollback-${dialect}@example.org`, consent: true });
    const original = await t.services.stores.cases.findById(before.id);
    if (!original) throw new Error('no case');
    const s = t.services;
    const failingWriter = createCaseWriter({
      db: s.db,
      cases: s.stores.cases,
      attachments: s.stores.attachments,
      notifications: s.stores.notifications,
      idempotency: s.stores.idempotency,
      clock: s.clock,
      timeZone: async () => 'Asia/Shanghai',
      audit: {
        appendMany: () => Promise.reject(new Error('the audit log is full (test)')),
      },
      planOutbox: createPlanMessages({
        reference: s.reference,
        locator: s.locator,
        outbox: s.stores.outbox,
        ids: s.ids,
        email: true,
        publicUrl: PUBLIC_URL,
      }),
      outbox: s.stores.outbox,
    });
    const countBefore = (await s.stores.outbox.listByCase(before.id)).length;
    await expect(
      failingWriter({
        before: original,
        after: { ...original, status: 'closed', answer: 'x', version: original.version + 1 },
        countedPath: original.areaPath,
        event: {
          kind: 'transition',
          action: 'close',
          fromStatus: original.status,
          note: null,
          public: false,
          details: {},
        },
        actor: null,
        counters: [],
        audit: { action: 'case.close', details: {} },
      }),
    ).rejects.toThrow(/audit log is full/);
    expect(await s.stores.outbox.listByCase(before.id)).toHaveLength(countBefore);
    expect((await s.stores.cases.findById(before.id))?.version).toBe(original.version);
  });

  describe('bad input', () => {
    const post = (payload: unknown, login = 'admin') =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: login ? { cookie: cookies[login] } : {},
        payload: payload as Record<string, unknown>,
      });
    const count = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/webhooks',
          headers: { cookie: cookies.admin },
        })
      ).json().items.length as number;

    it('refuses bad subscriptions with problem+json and creates nothing', async () => {
      const before = await count();
      const cases: [unknown, number, string][] = [
        [{ url: 'ftp://example.org/hook', events: ['case.created'] }, 400, '/url'],
        [{ url: 'https://user:pw@example.org/hook', events: ['case.created'] }, 400, '/url'],
        [{ url: 'not a url at all', events: ['case.created'] }, 400, '/url'],
        [{ url: 'https://example.org/hook', events: ['case.exploded'] }, 400, '/events/0'],
        [{ url: 'https://example.org/hook', events: [] }, 400, '/events'],
        [
          { url: 'https://example.org/hook', events: ['case.created', 'case.created'] },
          400,
          '/events',
        ],
        [{ url: 'https://example.org/hook' }, 400, '/events'],
        [
          { url: 'https://example.org/hook', events: ['case.created'], secret: 'mine' },
          400,
          '/secret',
        ],
      ];
      for (const [payload, status, field] of cases) {
        const response = await post(payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(status);
        const problem = problemOf(response);
        expect(
          problem.errors?.map((e) => e.field),
          JSON.stringify(payload),
        ).toContain(field);
      }
      expect(await count()).toBe(before);
    });

    it('is for admins only', async () => {
      expect(
        (await post({ url: 'https://example.org/h', events: ['case.created'] }, 'dispatcher'))
          .statusCode,
      ).toBe(403);
      const anonymous = await t.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        payload: { url: 'https://example.org/h', events: ['case.created'] },
      });
      expect(anonymous.statusCode).toBe(401);
      expect(problemOf(anonymous).code).toBe('authentication-required');
      for (const [method, url] of [
        ['GET', '/api/v1/webhooks'],
        ['GET', '/api/v1/webhooks/x/deliveries'],
        ['DELETE', '/api/v1/webhooks/x'],
        ['POST', '/api/v1/webhooks/deliveries/x/replay'],
      ] as const) {
        const response = await t.app.inject({
          method,
          url,
          headers: { cookie: cookies.dispatcher },
        });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
      }
    });

    it('answers 404 for unknown webhooks and deliveries, 400 for malformed ids and limits', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/webhooks/0000/deliveries'],
        ['DELETE', '/api/v1/webhooks/0000'],
        ['POST', '/api/v1/webhooks/deliveries/0000/replay'],
      ] as const) {
        const response = await t.app.inject({ method, url, headers: { cookie: cookies.admin } });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(problemOf(response).code).toBe('not-found');
      }
      const hook = (await post({ url: receiver.url, events: ['case.closed'] })).json();
      for (const query of ['limit=0', 'limit=201', 'limit=ten', 'before=a%20b']) {
        const response = await t.app.inject({
          method: 'GET',
          url: `/api/v1/webhooks/${hook.id}/deliveries?${query}`,
          headers: { cookie: cookies.admin },
        });
        expect(response.statusCode, query).toBe(400);
        expect(problemOf(response).code).toBe('validation-failed');
      }
      // An e-mail is not a webhook delivery: it cannot be replayed.
      const c = await report({ email: `replay-${dialect}@example.org`, consent: true });
      const [mail] = await emailsOf(c.id);
      const replay = await t.app.inject({
        method: 'POST',
        url: `/api/v1/webhooks/deliveries/${mail?.id}/replay`,
        headers: { cookie: cookies.admin },
      });
      expect(replay.statusCode).toBe(404);
      await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/webhooks/${hook.id}`,
        headers: { cookie: cookies.admin },
      });
    });

    it('never fails the reporter when the receiver is unreachable', async () => {
      const closed = await startWebhookReceiver();
      await closed.close();
      const hook = (await post({ url: closed.url, events: ['case.created'] })).json();
      const c = await report();
      const result = await runSender();
      expect(result.failed).toBeGreaterThanOrEqual(1);
      const deliveries = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/webhooks/${hook.id}/deliveries`,
          headers: { cookie: cookies.admin },
        })
      ).json().items;
      expect(deliveries).toEqual([
        expect.objectContaining({ caseId: c.id, status: 'failed', attempts: 1 }),
      ]);
      expect(deliveries[0].lastError).toMatch(/ECONNREFUSED/);
      expect(deliveries[0].log[0]).toMatchObject({ ok: false, statusCode: null });

      // Backoff grows to its cap; after the last attempt the delivery is dead, and replayable.
      for (let attempt = 2; attempt <= 10; attempt++) {
        advance(6 * 60);
        await runSender();
      }
      const dead = await t.services.stores.outbox.findById(deliveries[0].id);
      expect(dead).toMatchObject({ status: 'dead', attempts: 10 });
      const times = (await t.services.stores.outbox.listAttempts([deliveries[0].id])).map((a) =>
        Date.parse(a.at),
      );
      expect(times).toHaveLength(10);
      advance(6 * 60);
      expect(await runSender()).toMatchObject({ sent: 0, failed: 0, dead: 0 });
      cookies.admin = await t.signIn('admin');
      const replay = await t.app.inject({
        method: 'POST',
        url: `/api/v1/webhooks/deliveries/${deliveries[0].id}/replay`,
        headers: { cookie: cookies.admin },
      });
      expect(replay.statusCode).toBe(202);
      expect(replay.json()).toMatchObject({ status: 'pending', attempts: 0, caseId: c.id });
    });
  });
});
