/**
 * Synthetic cities for the benchmarks, made by the same code as `civicgrid generate` and
 * kept between runs under `bench/.cache/<generator version>-<cases>-<cells>/` (a SQLite
 * data folder and `city.json`, written last: a folder without it is made again). Making
 * one prints its progress and how long it took.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGenerate } from '../server/cli/commands/generate.ts';
import { loadConfig } from '../server/config.ts';
import { openRuntime } from '../server/runtime.ts';
import { GENERATOR_VERSION } from '../server/services/generate-city.ts';
import { sqliteFileIn } from '../server/storage/database.ts';

const CACHE = fileURLToPath(new URL('./.cache/', import.meta.url));

/** What a cached city holds. */
export interface CachedCity {
  /** The data folder (`CIVICGRID_DATA_DIR`) and its SQLite file. */
  dataDir: string;
  file: string;
  districtCode: string;
  cells: number;
  cases: number;
  /** When the data ends (the summary's period ends that day). */
  endAt: string;
  /** Seconds it took to make, and whether this run made it. */
  generatedS: number;
  generatedNow: boolean;
}

/** The environment the benchmarks run the app with, on a data folder. */
export function benchEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CIVICGRID_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    CIVICGRID_JOBS: 'false',
    CIVICGRID_SEED_DEMO: 'false',
    CIVICGRID_TIME_ZONE: 'Asia/Shanghai',
    CIVICGRID_GRID_NUMBER_WIDTH: '2',
    PORT: '1',
  };
  delete env.DATABASE_URL;
  return env;
}

/** The cached city of this size, made first when missing. */
export async function cachedCity(size: { cases: number; cells: number }): Promise<CachedCity> {
  const dataDir = join(CACHE, `v${GENERATOR_VERSION}-${size.cases}-cases-${size.cells}-cells`);
  const meta = join(dataDir, 'city.json');
  if (existsSync(meta)) {
    const city = JSON.parse(readFileSync(meta, 'utf8')) as CachedCity;
    return { ...city, dataDir, file: sqliteFileIn(dataDir), generatedNow: false };
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const label = `${size.cases.toLocaleString('en-US')} cases, ${size.cells.toLocaleString('en-US')} cells`;
  process.stdout.write(`generate: making a city of ${label} (cached in ${dataDir})…\n`);
  const config = loadConfig(benchEnv(dataDir));
  const { db, services } = await openRuntime(config);
  try {
    const result = await runGenerate(
      services,
      config.gridNumberWidth,
      { cases: String(size.cases), cells: String(size.cells), seed: '1', searchIndex: false },
      { out: (line) => process.stdout.write(`generate: ${line}\n`), progress: process.stdout },
    );
    const city: CachedCity = {
      dataDir,
      file: sqliteFileIn(dataDir),
      districtCode: result.districtCode,
      cells: result.cells,
      cases: result.cases,
      endAt: result.endAt,
      generatedS: result.seconds,
      generatedNow: true,
    };
    await db.close();
    writeFileSync(meta, `${JSON.stringify(city, null, 2)}\n`);
    return city;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** The benchmarks' account: admin and supervisor of the generated district (made when missing). */
export async function ensureBenchAdmin(
  city: CachedCity,
): Promise<{ login: string; password: string }> {
  const login = 'bench-admin';
  const password = 'bench-admin-password';
  const { db, services } = await openRuntime(loadConfig(benchEnv(city.dataDir)));
  try {
    if (!(await services.stores.users.findByLogin(login)))
      await services.createUser({
        login,
        displayName: 'Bench admin',
        email: null,
        password,
        grants: [
          { role: 'admin', area: city.districtCode },
          { role: 'supervisor', area: city.districtCode },
        ],
      });
  } finally {
    await db.close();
  }
  return { login, password };
}
