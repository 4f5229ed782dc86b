/**
 * The one composition root of stores and use cases, shared by the HTTP app and the CLI.
 * Dependencies are wired by hand: each use case receives only what it needs.
 */
import type { Config } from '../config.ts';
import type { Clock, IdGenerator } from '../domain/ports.ts';
import type { Db } from '../storage/database.ts';
import { createAreaStore } from '../storage/stores/area-store.ts';
import { createOrgStore } from '../storage/stores/org-store.ts';
import { createUserStore } from '../storage/stores/user-store.ts';
import { createAreaLocator } from './area-locator.ts';
import { createAuthenticate } from './authenticate.ts';
import { createCreateUser } from './create-user.ts';
import { createExportAreas } from './export-areas.ts';
import { createImportAreas } from './import-areas.ts';
import { createLocateArea } from './locate-area.ts';
import { createManageTokens } from './manage-tokens.ts';
import { createSeedDemo } from './seed-demo.ts';
import { createSignIn, createSignOut } from './sign-in.ts';
import { systemClock, uuidV7Ids } from './system.ts';

/** Builds stores and services over an open database. */
export function createServices(
  db: Db,
  config: Pick<Config, 'gridNumberWidth' | 'sessionTtlHours'>,
  options: { clock?: Clock; ids?: IdGenerator } = {},
) {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? uuidV7Ids;
  const areas = createAreaStore(db, ids);
  const org = createOrgStore(db);
  const users = createUserStore(db, ids);
  const locator = createAreaLocator({ areas });
  const importAreas = createImportAreas({
    areas,
    locator,
    clock,
    gridNumberWidth: config.gridNumberWidth,
  });
  const createUser = createCreateUser({ users, areas, org, clock });
  const tokens = createManageTokens({ users, clock });
  return {
    db,
    clock,
    stores: { areas, org, users },
    locator,
    authenticate: createAuthenticate({ users, clock }),
    signIn: createSignIn({ users, clock, sessionTtlHours: config.sessionTtlHours }),
    signOut: createSignOut({ users }),
    locateArea: createLocateArea({ locator, areas }),
    importAreas,
    exportAreas: createExportAreas({ areas }),
    createUser,
    tokens,
    seedDemo: createSeedDemo({ areas, users, org, importAreas, createUser, tokens, clock, ids }),
  };
}

export type Services = ReturnType<typeof createServices>;
