/**
 * Checks every message catalogue's tests share: the app's own and each feature's that
 * loads with its chunk. Used by tests only (never imported by the app).
 */
import { expect } from 'vitest';

/** Every message as `[key path, text]`, e.g. `['report.location.legend', '…']`. */
export function messageEntries(messages: object, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? messageEntries(value as object, `${prefix}${key}.`)
      : [[`${prefix}${key}`, String(value)] as [string, string]],
  );
}

/** The `{{placeholders}}` of a message, sorted and joined. */
export function placeholdersOf(text: string): string {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
}

/** Asserts both languages have the same keys and placeholders, and no message is empty. */
export function expectMatchingCatalogues(en: object, zhCN: object): void {
  const a = new Map(messageEntries(en));
  const b = new Map(messageEntries(zhCN));
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [key, text] of a) {
    expect(text.trim(), key).not.toBe('');
    expect((b.get(key) ?? '').trim(), key).not.toBe('');
    expect(placeholdersOf(b.get(key) ?? ''), key).toBe(placeholdersOf(text));
  }
}

/** Asserts a feature's catalogue adds keys to the app's without replacing any. */
export function expectOnlyNewKeys(feature: object, app: object): void {
  const taken = new Set(messageEntries(app).map(([key]) => key));
  expect(messageEntries(feature).filter(([key]) => taken.has(key))).toEqual([]);
}
