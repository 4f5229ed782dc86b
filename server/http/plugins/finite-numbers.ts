/**
 * Query and path numbers that spell infinity are refused after validation. Ajv coerces
 * "Infinity", "-Infinity" and "1e999" to non-finite numbers and then skips `minimum` and
 * `maximum`, which only test finite ones, so without this a `limit=Infinity` reaches the
 * stores.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../domain/errors.ts';

/** The first field of a parsed query or path that is a non-finite number, as `/name`. */
function nonFiniteField(values: unknown): string | undefined {
  if (!values || typeof values !== 'object') return undefined;
  for (const [name, value] of Object.entries(values)) {
    const list: unknown[] = Array.isArray(value) ? value : [value];
    if (list.some((v) => typeof v === 'number' && !Number.isFinite(v))) return `/${name}`;
  }
  return undefined;
}

export const finiteNumbers = fp(
  async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request) => {
      for (const [where, values] of [
        ['querystring', request.query],
        ['params', request.params],
      ] as const) {
        const field = nonFiniteField(values);
        if (field)
          throw new ValidationError(`${where} ${field}: must be a finite number`, [
            { field, message: 'must be a finite number', in: where },
          ]);
      }
    });
  },
  { name: 'finite-numbers' },
);
