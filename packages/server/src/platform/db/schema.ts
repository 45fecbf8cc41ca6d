import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables; the SQL migrations beside this file are the source of truth. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  country: 'BR' | 'ES' | 'PT' | 'EU';
  require_2fa_roles: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
}

export interface UsersTable {
  org_id: string;
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  totp_secret_sealed: Buffer | null;
  totp_pending_sealed: Buffer | null;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  failed_logins: Generated<number>;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  last_login_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface RecoveryCodesTable {
  org_id: string;
  user_id: string;
  code_hash: string;
  used_at: NullableTimestamp;
}

export interface SessionsTable {
  org_id: string;
  id: string;
  user_id: string;
  token_hash: string;
  status: 'active' | 'mfa_required' | 'mfa_enrolment_required';
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  org_id: string;
  id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scopes: string[];
  expires_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
}

export interface IpAllowlistTable {
  org_id: string;
  id: string;
  cidr: string;
  label: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  org_id: string;
  seq: ColumnType<number, number, never>;
  id: string;
  at: Timestamp;
  actor_type: 'user' | 'token' | 'system' | 'anonymous';
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  reason: string | null;
  ip: string | null;
  metadata: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  ip_allowlist: IpAllowlistTable;
  audit_log: AuditLogTable;
}
