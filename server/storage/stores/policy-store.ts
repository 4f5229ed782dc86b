/** SLA policies, routing overrides and the calendar's holidays and make-up days. */
import type { Kysely, Transaction } from 'kysely';
import type { SlaPolicy } from '../../domain/cases/deadlines.ts';
import type { RoutingRule } from '../../domain/cases/routing.ts';
import type { Priority } from '../../domain/org/category.ts';
import type { IdGenerator } from '../../domain/ports.ts';
import type { Db } from '../database.ts';
import type { Database } from '../schema/database.ts';
import type { SlaPoliciesTable } from '../schema/cases.table.ts';

type Executor = Kysely<Database> | Transaction<Database>;

function rowToPolicy(row: SlaPoliciesTable): SlaPolicy & { categoryId: string | null } {
  return {
    categoryId: row.category_id,
    priority: row.priority as Priority,
    minutes: {
      register: Number(row.register_minutes),
      dispatch: Number(row.dispatch_minutes),
      handle: Number(row.handle_minutes),
      verify: Number(row.verify_minutes),
      answer: Number(row.answer_minutes),
    },
    escalateAfterOverdueMinutes:
      row.escalate_after_overdue_minutes === null
        ? null
        : Number(row.escalate_after_overdue_minutes),
  };
}

/** Builds the policy store. */
export function createPolicyStore(db: Db, ids: IdGenerator) {
  const k = db.kysely;
  return {
    /** Every stored SLA policy (category-specific and defaults). */
    async listPolicies(): Promise<(SlaPolicy & { categoryId: string | null })[]> {
      const rows = await k.selectFrom('sla_policies').selectAll().execute();
      return rows.map(rowToPolicy);
    },

    /** Stores (inserting or replacing) the policy of a category (null: the default) and priority. */
    async putPolicy(
      policy: SlaPolicy & { categoryId: string | null },
      exec: Executor = k,
    ): Promise<void> {
      const values = {
        register_minutes: policy.minutes.register,
        dispatch_minutes: policy.minutes.dispatch,
        handle_minutes: policy.minutes.handle,
        verify_minutes: policy.minutes.verify,
        answer_minutes: policy.minutes.answer,
        escalate_after_overdue_minutes: policy.escalateAfterOverdueMinutes,
      };
      let existing = exec
        .selectFrom('sla_policies')
        .select('id')
        .where('priority', '=', policy.priority);
      existing =
        policy.categoryId === null
          ? existing.where('category_id', 'is', null)
          : existing.where('category_id', '=', policy.categoryId);
      const row = await existing.executeTakeFirst();
      if (row)
        await exec.updateTable('sla_policies').set(values).where('id', '=', row.id).execute();
      else {
        await exec
          .insertInto('sla_policies')
          .values({
            id: ids.next(),
            category_id: policy.categoryId,
            priority: policy.priority,
            ...values,
          })
          .execute();
      }
    },

    /** Every routing override. */
    async listRoutingRules(): Promise<RoutingRule[]> {
      const rows = await k.selectFrom('routing_rules').selectAll().execute();
      return rows.map((r) => ({
        areaId: r.area_id,
        categoryId: r.category_id,
        departmentId: r.department_id,
      }));
    },

    /** Stores a routing override (replacing the one for the same area and category). */
    async putRoutingRule(rule: RoutingRule, exec?: Transaction<Database>): Promise<void> {
      const write = async (trx: Executor) => {
        await trx
          .deleteFrom('routing_rules')
          .where('area_id', '=', rule.areaId)
          .where('category_id', '=', rule.categoryId)
          .execute();
        await trx
          .insertInto('routing_rules')
          .values({
            id: ids.next(),
            area_id: rule.areaId,
            category_id: rule.categoryId,
            department_id: rule.departmentId,
          })
          .execute();
      };
      // Inside the caller's transaction when given (its audit entry commits with it).
      await (exec ? write(exec) : k.transaction().execute(write));
    },

    /** Removes the override of an area and category; false when there was none. */
    async deleteRoutingRule(
      areaId: string,
      categoryId: string,
      exec: Executor = k,
    ): Promise<boolean> {
      const result = await exec
        .deleteFrom('routing_rules')
        .where('area_id', '=', areaId)
        .where('category_id', '=', categoryId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Holidays and make-up working days. */
    async listCalendarDays(): Promise<
      { date: string; kind: 'holiday' | 'workday'; name: string | null }[]
    > {
      const rows = await k.selectFrom('calendar_days').selectAll().orderBy('date').execute();
      return rows.map((r) => ({
        date: r.date,
        kind: r.kind as 'holiday' | 'workday',
        name: r.name,
      }));
    },

    /** Replaces the holidays and make-up days within [from, to] by `days`. */
    async replaceCalendarDays(
      from: string,
      to: string,
      days: { date: string; kind: 'holiday' | 'workday'; name: string | null }[],
      exec?: Transaction<Database>,
    ): Promise<void> {
      const write = async (trx: Executor) => {
        await trx
          .deleteFrom('calendar_days')
          .where('date', '>=', from)
          .where('date', '<=', to)
          .execute();
        if (days.length > 0) await trx.insertInto('calendar_days').values(days).execute();
      };
      await (exec ? write(exec) : k.transaction().execute(write));
    },
  };
}

export type PolicyStore = ReturnType<typeof createPolicyStore>;
