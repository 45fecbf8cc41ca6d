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
  'alerts:read',
  'alerts:manage',
  'rules:manage',
  'messages:purge',
  'incidents:read',
  'incidents:manage',
  'consent:read',
  'consent:manage',
  'consent:record',
  'requests:read',
  'requests:register',
  'requests:manage',
  'corrections:decide',
] as const;

export type Permission = (typeof permissions)[number];

export const roles = ['owner', 'admin', 'dpo', 'supervisor', 'agent', 'auditor'] as const;
export type Role = (typeof roles)[number];

const everything = new Set<Permission>(permissions);

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  owner: everything,
  admin: everything,
  // The DPO watches (alerts, rules), intervenes (take over, pause, purge an original) and keeps
  // the incident register.
  dpo: new Set([
    'org:read',
    'users:read',
    'audit:read',
    'conversations:read',
    'contacts:read',
    'pii:reveal',
    'alerts:read',
    'alerts:manage',
    'rules:manage',
    'messages:purge',
    'incidents:read',
    'incidents:manage',
    // Purposes, notices and the consent ledger are the DPO's to keep.
    'consent:read',
    'consent:manage',
    // Data-subject requests: the DPO runs the queue, extends, rejects, erases.
    'requests:read',
    'requests:register',
    'requests:manage',
    'corrections:decide',
  ]),
  supervisor: new Set([
    'org:read',
    'users:read',
    'conversations:read',
    'conversations:reply',
    'conversations:manage',
    'contacts:read',
    'contacts:manage',
    'pii:reveal',
    // Supervisors receive alerts and act on them (take over, pause); rules, purges and
    // the incident register stay with the DPO (and admins).
    'alerts:read',
    'alerts:manage',
    'consent:read',
    'consent:record',
    'requests:register',
    'corrections:decide',
  ]),
  // Agents record consent a customer gives them (verbally on a call, on paper), with evidence; they
  // register data-subject requests received by phone or letter and decide corrections proposed.
  agent: new Set(['org:read', 'conversations:read', 'conversations:reply', 'contacts:read', 'pii:reveal', 'consent:record', 'requests:register', 'corrections:decide']),
  // Read-only by definition: may look at everything the audit needs (masked), change and reveal nothing.
  auditor: new Set(['org:read', 'users:read', 'audit:read', 'conversations:read', 'contacts:read', 'alerts:read', 'incidents:read', 'consent:read', 'requests:read']),
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
