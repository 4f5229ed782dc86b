import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';
import { detectLanguage } from './index.ts';

/** Every key path of a nested message object, e.g. `report.location.legend`. */
function keysOf(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keysOf(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function valuesOf(messages: object): string[] {
  return Object.values(messages).flatMap((value) =>
    typeof value === 'object' && value !== null ? valuesOf(value as object) : [String(value)],
  );
}

describe('translations', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(keysOf(zhCN).sort()).toEqual(keysOf(en).sort());
  });

  it('no message is empty, and both use the same placeholders', () => {
    for (const value of [...valuesOf(zhCN), ...valuesOf(en)]) expect(value.trim()).not.toBe('');
    const placeholders = (messages: object) =>
      keysOf(messages).map((key) => {
        const value = key
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
        return `${key}:${[...String(value).matchAll(/\{\{(\w+)\}\}/g)]
          .map((m) => m[1])
          .sort()
          .join(',')}`;
      });
    expect(placeholders(zhCN).sort()).toEqual(placeholders(en).sort());
  });
});

describe('detectLanguage', () => {
  it('keeps a stored choice', () => {
    expect(detectLanguage('en', ['zh-CN'])).toBe('en');
    expect(detectLanguage('zh-CN', ['en-GB'])).toBe('zh-CN');
  });

  it('follows the first browser language it speaks, else Chinese', () => {
    expect(detectLanguage(null, ['en-US', 'zh-CN'])).toBe('en');
    expect(detectLanguage(null, ['zh-TW'])).toBe('zh-CN');
    expect(detectLanguage(null, ['fr-FR', 'en'])).toBe('en');
    expect(detectLanguage(null, ['fr-FR'])).toBe('zh-CN');
    expect(detectLanguage('xx', [])).toBe('zh-CN');
  });
});
