import { describe, it } from 'vitest';
import appEn from '../../../i18n/en.json';
import { expectMatchingCatalogues, expectOnlyNewKeys } from '../../../i18n/translation-checks.ts';
import en from './en.json';
import zhCN from './zh-CN.json';

describe('the admin translations', () => {
  it('have the same keys and placeholders in zh-CN and en, none empty', () => {
    expectMatchingCatalogues(en, zhCN);
  });

  it('add to the app’s messages without replacing any', () => {
    expectOnlyNewKeys(en, appEn);
  });
});
