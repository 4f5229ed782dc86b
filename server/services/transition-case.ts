/**
 * Every workflow step (`POST /api/v1/cases/{id}/actions`): check the version, resolve and
 * validate the references the step names, apply the pure transition, and write the new
 * case with its event, counters, notifications and audit entry in one transaction.
 */
import { caseNotification, type NotificationDraft } from '../domain/notify/in-app.ts';
import type { Case } from '../domain/cases/case.ts';
import { departmentCounters } from '../domain/cases/indicators.ts';
import { applyAction, canSeeCase, type CaseCommand } from '../domain/cases/transitions.ts';
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldProblem,
} from '../domain/errors.ts';
import type { Priority } from '../domain/org/category.ts';
import type { Role } from '../domain/org/role.ts';
import type { Actor } from '../domain/org/scope.ts';
import type { Clock } from '../domain/ports.ts';
import type { AttachmentStore } from '../storage/stores/attachment-store.ts';
import type { CaseStore } from '../storage/stores/case-store.ts';
import type { NotificationStore } from '../storage/stores/notification-store.ts';
import type { UserStore } from '../storage/stores/user-store.ts';
import type { AreaLocator } from './area-locator.ts';
import type { WriteCaseChange } from './case-writer.ts';
import { reportableCategory, type ReferenceDataCache } from './reference-data.ts';

/** A step as the API receives it: the SPEC's action fields, by id or code. */
export type ActionInput =
  | { action: 'register'; category?: string; priority?: Priority; note?: string }
  | { action: 'reject'; reason: string; duplicateOf?: string }
  | {
      action: 'dispatch';
      department: string;
      handler?: string;
      coDepartments?: string[];
      responsibleLead?: string;
      deadline?: string;
      note?: string;
    }
  | { action: 'accept'; note?: string }
  | { action: 'resolve'; report: string; attachments?: string[] }
  | {
      action: 'verify';
      ok: boolean;
      satisfaction?: 'satisfied' | 'neutral' | 'unsatisfied';
      note?: string;
    }
  | { action: 'close'; answer: string }
  | { action: 'suspend'; reason: string; until?: string }
  | { action: 'resume'; note?: string }
  | { action: 'escalate'; reason: string }
  | { action: 'supervise'; directive: string }
  | { action: 'comment'; text: string; public?: boolean };

/** Builds the step use case. */
export function createTransitionCase(deps: {
  cases: Pick<CaseStore, 'findById'>;
  users: Pick<UserStore, 'findWithGrants'>;
  attachments: Pick<AttachmentStore, 'findByIds'>;
  notifications: Pick<NotificationStore, 'findRecipients'>;
  locator: Pick<AreaLocator, 'current'>;
  reference: Pick<ReferenceDataCache, 'current'>;
  write: WriteCaseChange;
  clock: Clock;
}) {
  async function toCommand(input: ActionInput, actor: Actor): Promise<CaseCommand> {
    const ref = await deps.reference.current();
    const problems: FieldProblem[] = [];
    const department = (value: string, field: string) => {
      const found = ref.departmentById.get(value) ?? ref.departmentByCode.get(value);
      if (!found) problems.push({ field, message: `unknown department "${value}"` });
      else if (!found.active)
        problems.push({ field, message: `"${found.code}" is retired: choose another department` });
      return found?.id ?? '';
    };
    const date = (value: string | undefined, field: string) => {
      if (value === undefined) return undefined;
      const parsed = new Date(value);
      if (Number.isNaN(parsed.getTime()))
        problems.push({ field, message: 'is not a date and time' });
      return parsed;
    };
    let command: CaseCommand;
    switch (input.action) {
      case 'register': {
        let categoryId: string | undefined;
        if (input.category) {
          const { category, problem } = reportableCategory(ref, input.category);
          if (problem) problems.push(problem);
          else categoryId = category.id;
        }
        command = { action: 'register', categoryId, priority: input.priority, note: input.note };
        break;
      }
      case 'reject': {
        if (input.duplicateOf) {
          const original = await deps.cases.findById(input.duplicateOf);
          if (!original || !canSeeCase(actor, original)) {
            problems.push({ field: '/duplicateOf', message: 'no such case in your scope' });
          }
        }
        command = { action: 'reject', reason: input.reason, duplicateOf: input.duplicateOf };
        break;
      }
      case 'dispatch': {
        const departmentId = department(input.department, '/department');
        const coDepartmentIds = (input.coDepartments ?? []).map((d, i) =>
          department(d, `/coDepartments/${i}`),
        );
        if (input.handler) {
          const handler = await deps.users.findWithGrants(input.handler);
          const handles =
            handler?.active &&
            handler.grants.some(
              (g) =>
                (g.role === 'handler' || g.role === 'department_head') &&
                g.department?.id === departmentId,
            );
          if (!handles)
            problems.push({
              field: '/handler',
              message: 'is not a handler of the lead department',
            });
        }
        command = {
          action: 'dispatch',
          departmentId,
          handlerId: input.handler,
          coDepartmentIds,
          responsibleLead: input.responsibleLead,
          deadline: date(input.deadline, '/deadline'),
          note: input.note,
        };
        break;
      }
      case 'resolve': {
        const ids = [...new Set(input.attachments ?? [])];
        if (ids.length > 0) {
          const usable = new Set(
            (await deps.attachments.findByIds(ids))
              .filter((a) => a.caseId === null && a.uploadedBy === actor.userId)
              .map((a) => a.id),
          );
          ids.forEach((id, i) => {
            if (!usable.has(id))
              problems.push({
                field: `/attachments/${i}`,
                message: 'unknown or already used attachment',
              });
          });
        }
        command = { action: 'resolve', report: input.report, attachmentIds: ids };
        break;
      }
      case 'suspend':
        command = { action: 'suspend', reason: input.reason, until: date(input.until, '/until') };
        break;
      default:
        command = input;
    }
    if (problems.length > 0)
      throw new ValidationError(`The "${input.action}" step was not accepted.`, problems);
    return command;
  }

  /** Who hears about a step, beyond the timeline. */
  async function recipients(
    after: Case,
    command: CaseCommand,
  ): Promise<({ userIds: string[] } & NotificationDraft) | undefined> {
    const staffOf = (roles: Role[], departments: string[]) =>
      deps.notifications.findRecipients(after.areaPath, roles, departments);
    switch (command.action) {
      case 'dispatch':
        return {
          userIds: after.handlerId
            ? [after.handlerId]
            : await staffOf([], after.departmentId ? [after.departmentId] : []),
          ...caseNotification('case.assigned', after),
        };
      case 'verify':
        return command.ok
          ? undefined
          : {
              userIds: after.handlerId ? [after.handlerId] : [],
              ...caseNotification('case.rework', after),
            };
      case 'escalate':
        return {
          userIds: await staffOf(['dispatcher', 'grid_leader'], []),
          ...caseNotification('case.escalated', after),
        };
      case 'supervise':
        return {
          userIds: [
            ...(after.handlerId ? [after.handlerId] : []),
            ...(await staffOf(
              ['dispatcher', 'grid_leader', 'department_head'],
              after.departmentId ? [after.departmentId] : [],
            )),
          ],
          ...caseNotification('case.supervised', after, { directive: command.directive }),
        };
      case 'resolve':
        return {
          userIds: await staffOf(['grid_worker', 'grid_leader'], []),
          ...caseNotification('case.to_verify', after),
        };
      default:
        return undefined;
    }
  }

  /**
   * Takes one step on a case the actor can see.
   * @throws NotFoundError outside the actor's scope; StaleVersionError (409) on a stale
   *   version; ForbiddenError (403); InvalidTransitionError (422); ValidationError (400).
   */
  return async function transitionCase(
    caseId: string,
    input: ActionInput & { version: number },
    actor: Actor,
  ): Promise<Case> {
    const before = await deps.cases.findById(caseId);
    if (!before || !canSeeCase(actor, before))
      throw new NotFoundError('No such case in your scope.');
    if (before.version !== input.version) {
      throw new StaleVersionError(
        `The case is at version ${before.version}, not ${input.version}: reload it and try again.`,
      );
    }
    const { version: _version, ...step } = input;
    const command = await toCommand(step as ActionInput, actor);
    const ref = await deps.reference.current();
    const categoryId =
      command.action === 'register' && command.categoryId ? command.categoryId : before.categoryId;
    const priority =
      command.action === 'register' && command.priority ? command.priority : before.priority;
    let parentArea: { id: string; path: string[] } | null = null;
    if (command.action === 'escalate') {
      const parentId = before.areaPath[before.areaPath.length - 2];
      parentArea = parentId ? { id: parentId, path: before.areaPath.slice(0, -1) } : null;
    }
    const now = deps.clock.now();
    const result = applyAction(before, command, actor, {
      now,
      calendar: ref.calendar,
      policy: ref.policyFor(categoryId, priority),
      parentArea,
    });
    const index = await deps.locator.current();
    const countedPath = index.lineage(before.locatedAreaId);
    const category = ref.categoryById.get(result.next.categoryId);
    await deps.write({
      before,
      after: result.next,
      countedPath: countedPath.length > 0 ? countedPath : before.areaPath,
      event: result.event,
      actor: { id: actor.userId, login: actor.login, name: actor.displayName },
      counters: [...result.counters, ...departmentCounters(before, result.next, result.counters)],
      audit: {
        action: `case.${command.action}`,
        details: {
          ...result.event.details,
          from: before.status,
          categoryCode: category?.code ?? null,
        },
      },
      attachmentIds: command.action === 'resolve' ? command.attachmentIds : undefined,
      notify: await recipients(result.next, command),
    });
    return result.next;
  };
}
