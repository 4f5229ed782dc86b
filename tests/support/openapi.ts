/** Renders the app's OpenAPI document, the way `/api/v1/openapi.json` serves it. */
import { buildApp } from '../../server/http/app.ts';
import { createServices } from '../../server/services/container.ts';
import { migrateToLatest, openDatabase } from '../../server/storage/database.ts';
import { testServiceConfig } from './config.ts';

/** The document as pretty JSON text with a final newline. */
export async function renderOpenApi(): Promise<string> {
  const db = openDatabase({ sqliteFile: ':memory:' });
  try {
    await migrateToLatest(db);
    const services = createServices(db, testServiceConfig());
    const app = await buildApp({
      config: {
        logLevel: 'silent',
        bodyLimitBytes: 1024,
        cookieSecure: false,
        trustProxy: false,
        uploadLimitBytes: 1024,
      },
      services,
      logger: false,
    });
    await app.ready();
    const document = app.swagger();
    await app.close();
    return `${JSON.stringify(document, null, 2)}\n`;
  } finally {
    await db.close();
  }
}
