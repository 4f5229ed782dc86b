/**
 * Text with a NUL character (U+0000) is refused wherever a request carries it: PostgreSQL
 * cannot store or even compare it in a text parameter ("invalid byte sequence for encoding
 * UTF8: 0x00"), so it answered 500 there while SQLite took it.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../domain/errors.ts';

/**
 * The path (`/a/0/b`) of the first string or key holding a NUL, or undefined. It walks
 * with a stack of its own, not by recursion: a body nested thousands deep (valid JSON
 * within the body limit) overflowed the call stack and answered 500.
 */
function nulAt(root: unknown): string | undefined {
  // [value, its path, whether its own key holds a NUL]
  const pending: [unknown, string, boolean][] = [[root, '', false]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [, path, badKey] = next;
    let value = next[0];
    if (badKey) return path;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path || '/';
      continue;
    }
    if (value instanceof Map) value = Object.fromEntries(value);
    if (!value || typeof value !== 'object') continue;
    // Last entry first on the stack, so that entries are searched in order, depth first.
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i] as [string, unknown];
      pending.push([child, `${path}/${key}`, key.includes('\u0000')]);
    }
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
