import { describe, expect, it } from 'vitest';
import appEn from '../../../i18n/en.json';
import en from './en.json';
import zhCN from './zh-CN.json';

function entries(messages: object, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? entries(value as object, `${prefix}${key}.`)
      : [[`${prefix}${key}`, String(value)] as [string, string]],
  );
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{(\w+)\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

describe('the duty roster translations', () => {
  it('have the same keys and placeholders in zh-CN and en, none empty', () => {
    const a = new Map(entries(en));
    const b = new Map(entries(zhCN));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [key, text] of a) {
      expect(text.trim()).not.toBe('');
      expect((b.get(key) ?? '').trim()).not.toBe('');
      expect(placeholders(b.get(key) ?? '')).toBe(placeholders(text));
    }
  });

  it('add to the app’s messages without replacing any', () => {
    const app = new Set(entries(appEn).map(([key]) => key));
    expect(entries(en).filter(([key]) => app.has(key))).toEqual([]);
  });
});
