/** The real app over a real test database, driven with `app.inject`. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/http/app.ts';
import type { Clock } from '../../server/domain/ports.ts';
import {
  createServices,
  type ServiceConfig,
  type Services,
} from '../../server/services/container.ts';
import type { DialectName } from '../../server/storage/database.ts';
import { createTestDb, type TestDb } from './databases.ts';
import { testServiceConfig } from './config.ts';

/** A running test app. */
export interface TestApp {
  app: FastifyInstance;
  services: Services;
  test: TestDb;
  close(): Promise<void>;
  /** Signs in and returns the session cookie header value. */
  signIn(login: string, password?: string): Promise<string>;
}

/**
 * Builds the app on a fresh database; `seed: 'demo'` seeds the demo district; `clock` and
 * `config` (service settings such as SMTP) replace the defaults.
 */
export async function createTestApp(
  dialect: DialectName,
  options: { seed?: 'demo'; clock?: Clock; config?: Partial<ServiceConfig> } = {},
): Promise<TestApp> {
  const test = await createTestDb(dialect);
  const services = createServices(
    test.db,
    testServiceConfig(options.config),
    options.clock ? { clock: options.clock } : {},
  );
  await services.locator.refresh();
  if (options.seed === 'demo') await services.seedDemo();
  const app = await buildApp({
    config: {
      logLevel: 'silent',
      bodyLimitBytes: 1024 * 1024,
      cookieSecure: false,
      trustProxy: false,
      uploadLimitBytes: 2 * 1024 * 1024,
    },
    services,
    logger: false,
  });
  await app.ready();
  return {
    app,
    services,
    test,
    async close() {
      await app.close();
      await test.drop();
    },
    async signIn(login, password = 'demo-password') {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { login, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`sign-in of ${login} failed: ${response.body}`);
      return cookieOf(response);
    },
  };
}

/** `name=value` of the session cookie a response set. */
export function cookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error('no cookie was set');
  return first.split(';')[0] as string;
}

/** Asserts the RFC 9457 shape and returns the parsed problem. */
export function problemOf(response: LightMyRequestResponse) {
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(
      `expected problem+json, got ${String(response.headers['content-type'])}: ${response.body}`,
    );
  }
  return response.json() as {
    type: string;
    title: string;
    status: number;
    detail: string;
    code: string;
    errors?: { field: string; message: string }[];
  };
}
