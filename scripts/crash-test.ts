/**
 * `npm run test:crash`: crash safety (issue 6). Starts the real server as a child process
 * over one SQLite data folder, drives intake and workflow steps at full speed, `kill -9`s
 * it at a random moment, restarts it, and checks that every acknowledged case and step is
 * there and that the audit chain verifies; then the next trial goes on over the same data.
 *
 *   npm run test:crash                      20 trials
 *   npm run test:crash -- --long            200 trials
 *   npm run test:crash -- --trials 50 --seed 7 --loops 8
 *
 * Ends with `trials: N, acknowledged: A, lost: L` and `N passed, M failed`; exits 1 when
 * anything acknowledged was lost or the audit chain broke.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { webBuildState } from '../server/web-build.ts';
import {
  countSweeperEvents,
  findLosses,
  observeInDatabase,
  observeOverHttp,
  openReadOnly,
  verifyAuditChain,
  type AuditVerdict,
  type Loss,
} from './crash/acknowledgement-check.ts';
import {
  childEnv,
  killAllChildren,
  spawnTracked,
  startServer,
  type ServerProcess,
} from './crash/server-process.ts';
import type { Answer } from './crash/loopback-client.ts';
import { Workload, type Ack, type ReportAck } from './crash/workload.ts';

const { values: args } = parseArgs({
  options: {
    long: { type: 'boolean', default: false },
    trials: { type: 'string' },
    seed: { type: 'string' },
    loops: { type: 'string', default: '8' },
  },
});
const trials = Number(args.trials ?? (args.long ? 200 : 20));
const loops = Number(args.loops);
const seed = Number(args.seed ?? Math.floor(Math.random() * 2 ** 31));
for (const [name, value] of [
  ['--trials', trials],
  ['--loops', loops],
  ['--seed', seed],
] as const) {
  if (!Number.isInteger(value) || value < (name === '--seed' ? 0 : 1)) {
    process.stderr.write(`${name} must be a whole number (got ${String(value)}).\n`);
    process.exit(2);
  }
}

/** Kill timing and the load's choices come from this seed (mulberry32). */
function seededRandom(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'civicgrid-crash-'));
let cleaned = false;
/** Never leaves a server running or the data folder behind. */
function cleanUp(): void {
  if (cleaned) return;
  cleaned = true;
  killAllChildren();
  rmSync(dataDir, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stdout.write(`\n${signal}: killing the server and removing ${dataDir}\n`);
    cleanUp();
    process.exit(130);
  });
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Retries, with their keys, the reports the kill left unanswered: each must get a 201. */
async function retryPending(
  workload: Workload,
  server: ServerProcess,
): Promise<{ acks: ReportAck[]; replayed: number; problems: string[] }> {
  const acks: ReportAck[] = [];
  const problems: string[] = [];
  let replayed = 0;
  for (const pending of workload.pendingReports.splice(0)) {
    const answer = await workload
      .report(server.client, pending)
      .catch((error: unknown): Answer => ({
        status: 0,
        headers: {},
        body: error instanceof Error ? error.message : String(error),
      }));
    if (answer.status !== 201) {
      problems.push(
        `retrying report ${pending.key} got ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
      );
      continue;
    }
    if (answer.headers['idempotent-replayed'] === 'true') replayed++;
    acks.push(workload.acknowledgeReport(pending, answer));
  }
  return { acks, replayed, problems };
}

/** Replays a few acknowledged reports with their keys: each must return the same case. */
async function replayAcknowledged(
  workload: Workload,
  server: ServerProcess,
  reports: ReportAck[],
  random: () => number,
): Promise<string[]> {
  const problems: string[] = [];
  const sample = [...reports].sort(() => random() - 0.5).slice(0, 3);
  for (const ack of sample) {
    const answer = await workload.report(server.client, { key: ack.key, input: ack.input });
    const id = (answer.body as { id?: unknown }).id;
    if (
      answer.status !== 201 ||
      answer.headers['idempotent-replayed'] !== 'true' ||
      id !== ack.caseId
    ) {
      problems.push(
        `replaying acknowledged report ${ack.key} (case ${ack.caseId}) got ${answer.status}, ` +
          `replayed=${String(answer.headers['idempotent-replayed'])}, case ${String(id)}`,
      );
    }
  }
  return problems;
}

/** Verifies the chain over a read-only connection beside the running server. */
async function verifyBesideServer(): Promise<AuditVerdict> {
  const db = openReadOnly(dataDir);
  try {
    return await verifyAuditChain(db);
  } finally {
    await db.close();
  }
}

/** Runs `civicgrid verify-audit` over the data folder (the server stopped). */
async function runVerifyAuditCommand(): Promise<{ ok: boolean; output: string }> {
  const child = spawnTracked(
    ['--import', 'tsx', 'server/cli/civicgrid.ts', 'verify-audit'],
    childEnv(dataDir),
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { ok: code === 0, output: output.trim() };
}

async function main(): Promise<number> {
  const random = seededRandom(seed);
  const workload = new Workload(random, `crash-${seed}-${Date.now().toString(36)}`);
  const runStarted = Date.now();
  out(
    `Crash test: ${trials} trials, ${loops} loops, seed ${seed} (rerun with --seed ${seed}); data in ${dataDir}`,
  );
  if (webBuildState() !== null) out('The web build is out of date: the first start builds it.');

  let server = await startServer(dataDir, 180_000);
  out(
    `Server pid ${server.pid} ready on 127.0.0.1:${server.port} in ${seconds(server.startMs)} (demo seeded)`,
  );
  await workload.shortenUrgentDeadlines(server.client);
  let cookie = await workload.signIn(server.client);

  const allAcks: Ack[] = [];
  const lost = new Set<Ack>();
  let writesAcknowledged = 0;
  let passed = 0;
  let failed = 0;
  let anomalies = 0;
  const width = String(trials).length;

  for (let trial = 1; trial <= trials; trial++) {
    const durationMs = Math.round(200 + random() * 1300);
    const killed = server;
    const drive = await workload.drive({
      client: server.client,
      cookie,
      loops,
      durationMs,
      kill: () => killed.kill(),
    });
    try {
      server = await startServer(dataDir, 90_000);
    } catch (error) {
      // A server that cannot start again over its own data lost everything at once.
      failed++;
      out(`trial ${String(trial).padStart(width)}/${trials}: the server did not come back — FAIL`);
      out(`    ${error instanceof Error ? error.message : String(error)}`);
      out(`trials: ${trial}, acknowledged: ${allAcks.length + drive.acks.length}, lost: unknown`);
      out(`${passed} passed, ${failed} failed`);
      return 1;
    }
    cookie = await workload.signIn(server.client);

    const retried = await retryPending(workload, server);
    const acks = [...drive.acks, ...retried.acks];
    allAcks.push(...acks);
    writesAcknowledged += drive.acks.length + retried.acks.length - retried.replayed;
    const replayProblems = await replayAcknowledged(
      workload,
      server,
      drive.acks.filter((a): a is ReportAck => a.kind === 'report'),
      random,
    );
    const losses: Loss[] = await findLosses(acks, observeOverHttp(server.client, cookie));
    for (const loss of losses) lost.add(loss.ack);
    const audit = await verifyBesideServer();
    const auditShort = audit.ok && audit.checked < writesAcknowledged;

    const problems = [
      ...losses.map(
        (l) =>
          `LOST ${l.ack.kind === 'step' ? `step "${l.ack.action}"` : 'report'} of case ${l.ack.caseId} at v${l.ack.version}: ${l.reason}`,
      ),
      ...(audit.ok ? [] : [`AUDIT CHAIN ${audit.detail}`]),
      ...(auditShort
        ? [`AUDIT has ${audit.checked} entries but ${writesAcknowledged} writes were acknowledged`]
        : []),
      ...retried.problems,
      ...replayProblems,
    ];
    const ok = problems.length === 0;
    if (ok) passed++;
    else failed++;
    anomalies += drive.anomalies.length;

    const reports = acks.filter((a) => a.kind === 'report').length;
    const refused = [...drive.refused].map(([status, n]) => `${n}×${status}`).join(' ');
    out(
      `trial ${String(trial).padStart(width)}/${trials}: drove ${String(durationMs).padStart(4)} ms, ` +
        `acknowledged ${reports} reports + ${acks.length - reports} steps, ` +
        `${drive.inFlightAtKill} in flight at the kill` +
        (retried.acks.length || retried.problems.length
          ? ` (${retried.acks.length} reports retried, ${retried.replayed} had committed)`
          : '') +
        (refused ? `, refused ${refused}` : '') +
        `; restart ${seconds(server.startMs)}; lost ${losses.length}; ` +
        `audit ${audit.ok ? 'ok' : 'BROKEN'} (${audit.detail}) — ${ok ? 'pass' : 'FAIL'}`,
    );
    for (const problem of problems.slice(0, 10)) out(`    ${problem}`);
    if (problems.length > 10) out(`    … and ${problems.length - 10} more`);
    for (const anomaly of drive.anomalies.slice(0, 5)) out(`    under load: ${anomaly}`);
  }

  // Once more over the whole run, straight from the file: nothing acknowledged in an
  // earlier trial may have gone missing in a later one.
  const db = openReadOnly(dataDir);
  let finalLosses: Loss[];
  let sweeperEvents: Record<string, number>;
  try {
    finalLosses = await findLosses(allAcks, observeInDatabase(db));
    sweeperEvents = await countSweeperEvents(db);
  } finally {
    await db.close();
  }
  const newlyLost = finalLosses.filter((l) => !lost.has(l.ack));
  for (const loss of finalLosses) lost.add(loss.ack);
  out(
    `Final re-check of all ${allAcks.length} acknowledged operations in the database: ` +
      `${finalLosses.length} missing` +
      (newlyLost.length ? ` (${newlyLost.length} lost after their own trial's check)` : ''),
  );
  const swept = Object.entries(sweeperEvents).map(([action, n]) => `${n} ${action}`);
  out(`The deadline sweeper wrote ${swept.length ? swept.join(', ') : 'nothing'} beside the load.`);
  for (const loss of newlyLost.slice(0, 10)) {
    out(
      `    LOST ${loss.ack.kind} of case ${loss.ack.caseId} at v${loss.ack.version}: ${loss.reason}`,
    );
  }

  await server.stop();
  const command = await runVerifyAuditCommand();
  out(`civicgrid verify-audit: ${command.output.split('\n').pop() ?? ''}`);
  if (anomalies > 0) out(`Anomalies under load (5xx or errors before a kill): ${anomalies}`);
  out(`Run took ${seconds(Date.now() - runStarted)}.`);

  out(`trials: ${trials}, acknowledged: ${allAcks.length}, lost: ${lost.size}`);
  out(`${passed} passed, ${failed} failed`);
  return failed === 0 && lost.size === 0 && command.ok ? 0 : 1;
}

main().then(
  (code) => {
    cleanUp();
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    cleanUp();
    process.exit(1);
  },
);
