/** The whole schema as Kysely sees it. */
import type { AreasTable, SettingsTable } from './areas.table.ts';
import type { CategoriesTable, DepartmentsTable } from './org.table.ts';
import type {
  ApiTokensTable,
  RoleAssignmentsTable,
  SessionsTable,
  UsersTable,
} from './users.table.ts';

export interface Database {
  areas: AreasTable;
  settings: SettingsTable;
  departments: DepartmentsTable;
  categories: CategoriesTable;
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}
