/** The set-up most spec files share: one app server and one browser for a describe block. */
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * Starts a server, then a browser, before the tests of the enclosing describe block (its own
 * later `beforeAll` hooks run after, with both ready) and closes them after its tests.
 */
export function useServerAndBrowser(): {
  readonly server: TestServer;
  readonly browser: TestBrowser;
} {
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('The server starts in beforeAll.');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('The browser starts in beforeAll.');
      return browser;
    },
  };
}
