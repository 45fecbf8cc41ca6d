import type { Selectable } from 'kysely';
import type { UsersTable } from '../../platform/db/schema.js';

/** What the API shows of an agent: never hashes, secrets or lock counters. */
export function toUserView(u: Selectable<UsersTable>) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    totpEnabled: u.totp_enabled_at !== null,
    disabled: u.disabled_at !== null,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
  };
}
export type UserView = ReturnType<typeof toUserView>;
