/**
 * The one composition root of stores and use cases, shared by the HTTP app and the CLI.
 * Dependencies are wired by hand: each use case receives only what it needs.
 */
import type { Config } from '../config.ts';
import { canSeeCase } from '../domain/cases/transitions.ts';
import type { Actor } from '../domain/org/scope.ts';
import type { Clock, IdGenerator } from '../domain/ports.ts';
import { createDeadlineSweeper } from '../jobs/deadline-sweeper.ts';
import { createJobRunStore } from '../storage/stores/job-run-store.ts';
import { createDueSoonNotifier } from '../jobs/due-soon-notifier.ts';
import { createDutyReminder } from '../jobs/duty-reminder.ts';
import { createOutboxSender } from '../jobs/outbox-sender.ts';
import type { Db } from '../storage/database.ts';
import { createAreaStore } from '../storage/stores/area-store.ts';
import { createAttachmentStore } from '../storage/stores/attachment-store.ts';
import { createAuditStore } from '../storage/stores/audit-store.ts';
import { createCaseImportStore } from '../storage/stores/case-import-store.ts';
import { createCaseStore } from '../storage/stores/case-store.ts';
import { createDutyStore } from '../storage/stores/duty-store.ts';
import { createReferenceVersionStore } from '../storage/stores/reference-version.ts';
import { createDeadlineWarningStore } from '../storage/stores/deadline-warning-store.ts';
import { createIdempotencyStore } from '../storage/stores/idempotency-store.ts';
import { createNotificationStore } from '../storage/stores/notification-store.ts';
import { createOrgStore } from '../storage/stores/org-store.ts';
import { createOutboxStore } from '../storage/stores/outbox-store.ts';
import { createPolicyStore } from '../storage/stores/policy-store.ts';
import { createUserStore } from '../storage/stores/user-store.ts';
import { createWebhookStore } from '../storage/stores/webhook-store.ts';
import { createAreaLocator } from './area-locator.ts';
import { createBlobStore } from './attachments/blob-store.ts';
import { createUploadAttachment } from './attachments/upload-attachment.ts';
import { createAuthenticate } from './authenticate.ts';
import { createCaseWriter } from './case-writer.ts';
import { createCreateUser } from './create-user.ts';
import { createUpdateUser } from './update-user.ts';
import { createExportAreas } from './export-areas.ts';
import { createImportAreas } from './import-areas.ts';
import { createImportCases } from './import-cases.ts';
import { createLocateArea } from './locate-area.ts';
import { createManageDuty } from './manage-duty.ts';
import { createManageOrg } from './manage-org.ts';
import { createManagePolicies } from './manage-policies.ts';
import { createManageTokens } from './manage-tokens.ts';
import { createMailSender } from './notify/mail-sender.ts';
import { createManageWebhooks } from './notify/manage-webhooks.ts';
import { createPlanMessages } from './notify/plan-messages.ts';
import { postWebhook } from './notify/webhook-sender.ts';
import { createRateCase } from './rate-case.ts';
import { createReadCases } from './read-cases.ts';
import { createReferenceData } from './reference-data.ts';
import { createReportCase } from './report-case.ts';
import { createUrgentReach } from './urgent-reach.ts';
import { createSeedDemo } from './seed-demo.ts';
import { createSignIn, createSignOut } from './sign-in.ts';
import { createStatsSummary } from './stats-summary.ts';
import { systemClock, uuidV7Ids } from './system.ts';
import { createTransitionCase } from './transition-case.ts';
import { createVerifyAudit } from './verify-audit.ts';

/** The configuration the services need. */
export type ServiceConfig = Pick<
  Config,
  'gridNumberWidth' | 'sessionTtlHours' | 'dataDir' | 'uploadLimitBytes' | 'calendar'
> &
  /** E-mail and webhooks; absent: no e-mail, links to 127.0.0.1:3000, public targets only. */
  Partial<
    Pick<
      Config,
      'smtpUrl' | 'mailFrom' | 'publicUrl' | 'webhookAllowPrivate' | 'sweepIntervalSeconds'
    >
  >;

/** Builds stores and services over an open database. */
export function createServices(
  db: Db,
  config: ServiceConfig,
  options: { clock?: Clock; ids?: IdGenerator } = {},
) {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? uuidV7Ids;
  const areas = createAreaStore(db, ids);
  const org = createOrgStore(db);
  const users = createUserStore(db, ids);
  const cases = createCaseStore(db, ids);
  const policies = createPolicyStore(db, ids);
  const notifications = createNotificationStore(db, ids);
  const idempotency = createIdempotencyStore(db);
  const audit = createAuditStore(db);
  const attachments = createAttachmentStore(db, ids);
  const outbox = createOutboxStore(db, ids);
  const webhooks = createWebhookStore(db);
  const duty = createDutyStore(db);
  const notify = {
    smtpUrl: config.smtpUrl ?? null,
    mailFrom: config.mailFrom ?? 'civicgrid <noreply@localhost>',
    publicUrl: (config.publicUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    allowPrivateTargets: config.webhookAllowPrivate ?? false,
  };
  const blobs = createBlobStore(config.dataDir);
  const locator = createAreaLocator({ areas });
  const referenceVersion = createReferenceVersionStore(db);
  const reference = createReferenceData({
    org,
    policies,
    version: referenceVersion,
    calendar: config.calendar,
    webhooks,
  });
  const importAreas = createImportAreas({
    areas,
    locator,
    audit,
    clock,
    gridNumberWidth: config.gridNumberWidth,
  });
  const createUser = createCreateUser({ users, areas, org, audit, clock });
  const tokens = createManageTokens({ users, clock });
  const write = createCaseWriter({
    db,
    cases,
    audit,
    attachments,
    notifications,
    idempotency,
    clock,
    timeZone: async () => (await reference.current()).calendar.timeZone,
    planOutbox: createPlanMessages({
      reference,
      locator,
      outbox,
      ids,
      email: notify.smtpUrl !== null,
      publicUrl: notify.publicUrl,
    }),
    outbox,
  });
  const readCases = createReadCases({ cases, areas, audit, reference, db: db.kysely, clock });

  /** Whether an actor may see a case (for attachments of that case). */
  async function canReadCase(actor: Actor | null, caseId: string): Promise<boolean> {
    if (!actor) return false;
    const c = await cases.findById(caseId);
    return c !== undefined && canSeeCase(actor, c);
  }

  const seed = createSeedDemo({
    areas,
    users,
    org,
    policies,
    importAreas,
    createUser,
    tokens,
    duty,
    db,
    clock,
    ids,
  });

  return {
    db,
    clock,
    ids,
    stores: {
      areas,
      org,
      users,
      cases,
      policies,
      notifications,
      idempotency,
      audit,
      attachments,
      outbox,
      webhooks,
      duty,
      jobRuns: createJobRunStore(db),
    },
    blobs,
    locator,
    reference,
    authenticate: createAuthenticate({ users, clock }),
    signIn: createSignIn({ users, clock, sessionTtlHours: config.sessionTtlHours }),
    signOut: createSignOut({ users }),
    locateArea: createLocateArea({ locator, areas }),
    importAreas,
    exportAreas: createExportAreas({ areas }),
    importCases: createImportCases({
      store: createCaseImportStore(db),
      locator,
      reference,
      clock,
      ids,
    }),
    createUser,
    updateUser: createUpdateUser({ db, users, areas, org, audit, clock }),
    tokens,
    /** Seeds the demo district, then drops cached reference data so it is seen at once. */
    seedDemo: async (options?: Parameters<typeof seed>[0]) => {
      const accounts = await seed(options);
      await referenceVersion.bump(db.kysely);
      reference.invalidate();
      return accounts;
    },
    reportCase: createReportCase({
      cases,
      attachments,
      idempotency,
      notifications,
      duty,
      locator,
      reference,
      write,
      clock,
      ids,
    }),
    transitionCase: createTransitionCase({
      cases,
      users,
      attachments,
      notifications,
      locator,
      reference,
      write,
      clock,
    }),
    readCases,
    rateCase: createRateCase({ cases, locator, write, clock }),
    canReadCase,
    stats: createStatsSummary({ areas, cases, reference, clock }),
    uploadAttachment: createUploadAttachment({
      attachments,
      blobs,
      clock,
      maxBytes: config.uploadLimitBytes,
    }),
    verifyAudit: createVerifyAudit({ audit }),
    policies: createManagePolicies({
      db,
      policies,
      areas,
      audit,
      org,
      reference,
      referenceVersion,
      calendar: config.calendar,
      clock,
    }),
    org: createManageOrg({ db, org, audit, reference, referenceVersion, ids, clock }),
    duty: createManageDuty({
      db,
      duty,
      areas,
      audit,
      notifications,
      outbox,
      reference,
      email: notify.smtpUrl !== null,
      publicUrl: notify.publicUrl,
      clock,
      ids,
    }),
    sweeper: createDeadlineSweeper({
      cases,
      notifications,
      locator,
      reference,
      write,
      clock,
      intervalMs: (config.sweepIntervalSeconds ?? 30) * 1000,
    }),
    webhooks: createManageWebhooks({
      db,
      webhooks,
      reference,
      referenceVersion,
      outbox,
      audit,
      clock,
      ids,
      allowPrivateTargets: notify.allowPrivateTargets,
    }),
    outboxSender: createOutboxSender({
      outbox,
      webhooks,
      mail: notify.smtpUrl
        ? createMailSender({
            smtpUrl: notify.smtpUrl,
            from: notify.mailFrom,
            publicUrl: notify.publicUrl,
          })
        : null,
      post: postWebhook,
      clock,
      allowPrivateTargets: notify.allowPrivateTargets,
    }),
    dueSoonNotifier: createDueSoonNotifier({
      db,
      warnings: createDeadlineWarningStore(db),
      notifications,
      outbox,
      reference,
      urgentReach: createUrgentReach({ duty, notifications }),
      clock,
      email: notify.smtpUrl !== null,
      publicUrl: notify.publicUrl,
    }),
    dutyReminder: createDutyReminder({
      db,
      duty,
      areas,
      notifications,
      outbox,
      reference,
      clock,
      email: notify.smtpUrl !== null,
      publicUrl: notify.publicUrl,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
