/** Row types of staff accounts, their role grants, sessions and API tokens. */
export interface UsersTable {
  id: string;
  login: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  /** 1 active, 0 disabled (integers on both dialects). */
  active: number;
  created_at: string;
  updated_at: string;
  /** Bumped by every change of the account: the optimistic-concurrency check of a PATCH. */
  version: number;
}

export interface RoleAssignmentsTable {
  id: string;
  user_id: string;
  role: string;
  area_id: string | null;
  department_id: string | null;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a stolen table gives no usable session. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}
