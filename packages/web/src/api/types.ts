// Shapes of the v1 API answers, as described in docs/api.md.

export const ROLES = ['owner', 'admin', 'dpo', 'supervisor', 'agent', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const COUNTRIES = ['BR', 'ES', 'PT', 'EU'] as const;
export type Country = (typeof COUNTRIES)[number];

export type SessionStatus = 'ok' | 'mfa_required' | 'mfa_enrolment_required';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  totpEnabled: boolean;
}

export interface SessionOrganization {
  id: string;
  name: string;
  slug: string;
  country: Country;
}

export interface Session {
  status: SessionStatus;
  user: SessionUser;
  organization: SessionOrganization;
  permissions: string[];
}

export interface LoginAnswer {
  status: SessionStatus;
}

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  totpEnabled: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface RolesAnswer {
  roles: { role: Role; permissions: string[] }[];
  permissions: string[];
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface CreatedToken extends ApiToken {
  token: string;
}

export interface AllowlistEntry {
  id: string;
  cidr: string;
  label: string | null;
  createdAt: string;
}

export interface AllowlistAnswer {
  items: AllowlistEntry[];
  currentIp: string;
}

export interface Organization {
  id: string;
  name: string;
  slug: string;
  country: Country;
  require2faRoles: Role[];
}

export interface AuditEntry {
  seq: number | string;
  at: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  ip: string | null;
  metadata: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditEntry[];
  nextBefore: number | string | null;
}

export interface Items<T> {
  items: T[];
}
