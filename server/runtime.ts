/** Opening the configured database with its services: shared by `main.ts` and the CLI. */
import type { Config } from './config.ts';
import { createServices, type Services } from './services/container.ts';
import { migrateToLatest, openDatabase, sqliteFileIn, type Db } from './storage/database.ts';

/** Opens and migrates the configured database and builds the services over it. */
export async function openRuntime(
  config: Config,
): Promise<{ db: Db; services: Services; migrated: string[] }> {
  const db = openDatabase(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl }
      : { sqliteFile: sqliteFileIn(config.dataDir) },
  );
  try {
    const migrated = await migrateToLatest(db);
    const services = createServices(db, config);
    await services.locator.refresh();
    return { db, services, migrated };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** True when the database holds no areas and no users (a fresh install). */
export async function isEmpty(services: Services): Promise<boolean> {
  return (await services.stores.areas.count()) === 0 && (await services.stores.users.count()) === 0;
}
