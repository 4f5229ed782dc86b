/**
 * The browser side of the end-to-end tests: Debian's Chromium driven by playwright-core
 * (no browser download), one context per test with a language and a screen size,
 * screenshots under `test-results/screenshots/`, and an axe-core check.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = 'test-results/screenshots';

/** A phone (the resident's) and a desk screen (staff). */
export const PHONE = { width: 390, height: 844 };
export const DESK = { width: 1280, height: 860 };

export type Lang = 'zh-CN' | 'en';
export const LANGS: Lang[] = ['zh-CN', 'en'];

/** A running browser. */
export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with the flags this machine needs (no background networking).
 * playwright-core gives every launch a fresh, empty profile folder of its own (it refuses
 * `--user-data-dir` in `launch`) and removes it on close.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** A fresh context (no cookies, no storage) in one language and screen size, and its page. */
export async function newPage(
  browser: Browser,
  options: {
    baseURL: string;
    locale: Lang;
    viewport?: { width: number; height: number };
    geolocation?: { latitude: number; longitude: number };
  },
): Promise<{ context: BrowserContext; page: Page }> {
  const viewport = options.viewport ?? PHONE;
  const context = await browser.newContext({
    baseURL: options.baseURL,
    locale: options.locale,
    viewport,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
    timezoneId: 'Asia/Shanghai',
    ...(options.geolocation
      ? { geolocation: options.geolocation, permissions: ['geolocation'] }
      : {}),
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Saves a full-page screenshot as `test-results/screenshots/<name>-<lang>.png`. */
export async function screenshot(page: Page, name: string, lang: Lang): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}-${lang}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page (WCAG 2 A/AA rules) and throws listing every serious or
 * critical violation.
 */
export async function checkA11y(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(`
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))
  `)) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    const text = serious
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help}\n${v.nodes
            .slice(0, 5)
            .map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`)
            .join('\n')}`,
      )
      .join('\n');
    throw new Error(`axe-core found serious accessibility problems on ${label}:\n${text}`);
  }
}

/** The visible text of the first match, whitespace collapsed (waits for it to exist). */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Waits until the first match's text is `expected` (or contains it), failing with the text
 * it last saw.
 */
export async function waitForText(
  locator: Locator,
  expected: string,
  mode: 'equals' | 'contains' = 'equals',
  timeoutMs = 15_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < until) {
    seen = (await locator.count()) > 0 ? await textOf(locator) : '(not on the page)';
    if (mode === 'equals' ? seen === expected : seen.includes(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `expected ${String(locator)} to ${mode === 'equals' ? 'be' : 'contain'} "${expected}", saw "${seen}"`,
  );
}
