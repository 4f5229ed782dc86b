import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';
import { detectLanguage } from './index.ts';
import { expectMatchingCatalogues } from './translation-checks.ts';

describe('translations', () => {
  it('zh-CN and en have the same keys and placeholders, none empty', () => {
    expectMatchingCatalogues(en, zhCN);
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
