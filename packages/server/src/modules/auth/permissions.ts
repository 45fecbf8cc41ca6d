/**
 * The one permission matrix. Routes declare the permission they need; roles and API-token scopes
 * grant permissions. A test walks every route against every role using this table.
 */
export const permissions = [
  'org:read',
  'settings:manage',
  'users:read',
  'users:manage',
  'tokens:manage',
  'allowlist:manage',
  'audit:read',
  'conversations:read',
  'conversations:reply',
  'conversations:manage',
  'contacts:read',
  'contacts:manage',
  'pii:reveal',
  'channels:manage',
  'webhooks:manage',
] as const;

export type Permission = (typeof permissions)[number];

export const roles = ['owner', 'admin', 'dpo', 'supervisor', 'agent', 'auditor'] as const;
export type Role = (typeof roles)[number];

const everything = new Set<Permission>(permissions);

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  owner: everything,
  admin: everything,
  dpo: new Set(['org:read', 'users:read', 'audit:read', 'conversations:read', 'contacts:read', 'pii:reveal']),
  supervisor: new Set([
    'org:read',
    'users:read',
    'conversations:read',
    'conversations:reply',
    'conversations:manage',
    'contacts:read',
    'contacts:manage',
    'pii:reveal',
  ]),
  agent: new Set(['org:read', 'conversations:read', 'conversations:reply', 'contacts:read', 'pii:reveal']),
  // Read-only by definition: may look at everything the audit needs (masked), change and reveal nothing.
  auditor: new Set(['org:read', 'users:read', 'audit:read', 'conversations:read', 'contacts:read']),
};

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function permissionsOfRole(role: string): ReadonlySet<Permission> {
  return isRole(role) ? rolePermissions[role] : new Set();
}

/** API-token scopes are permissions; "all" expands to every permission known today. */
export function expandScopes(scopes: readonly string[]): Set<Permission> {
  if (scopes.includes('all')) return new Set(permissions);
  return new Set(scopes.filter(isPermission));
}
