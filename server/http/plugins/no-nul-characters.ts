/**
 * Text with a NUL character (U+0000) is refused wherever a request carries it: PostgreSQL
 * cannot store or even compare it in a text parameter ("invalid byte sequence for encoding
 * UTF8: 0x00"), so it answered 500 there while SQLite took it.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../domain/errors.ts';

/** The path (`/a/0/b`) of the first string or key holding a NUL, or undefined. */
function nulAt(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '/' : undefined;
  if (value instanceof Map) value = Object.fromEntries(value);
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (key.includes('\u0000')) return at;
    const found = nulAt(child, at);
    if (found) return found;
  }
  return undefined;
}

export const noNulCharacters = fp(
  async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request) => {
      for (const [where, values] of [
        ['params', request.params],
        ['querystring', request.query],
        ['body', request.body],
      ] as const) {
        const field = nulAt(values);
        if (field)
          throw new ValidationError(`${where} ${field}: must not contain a NUL character`, [
            { field, message: 'must not contain a NUL character', in: where },
          ]);
      }
    });
  },
  { name: 'no-nul-characters' },
);
