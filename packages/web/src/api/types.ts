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

// ---- Conversations (inbox) -------------------------------------------------------------------

export const CONVERSATION_STATUSES = ['open', 'pending', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface ConversationSummary {
  id: string;
  contact: { id: string; displayName: string };
  channelType: string;
  channelId: string | null;
  status: ConversationStatus;
  assigneeId: string | null;
  team: string | null;
  priority: Priority;
  lastMessageAt: string;
  /** Masked text of the latest message. */
  lastMessage: string | null;
  createdAt: string;
}

export interface Message {
  id: string;
  direction: 'inbound' | 'outbound' | string;
  senderType: 'contact' | 'agent' | 'system' | string;
  senderId: string | null;
  contentType: string;
  /** Masked text; the original only through POST /messages/{id}/reveal. */
  body: string;
  piiTypes: string[];
  sensitiveFlags: string[];
  revealable: boolean;
  state: string;
  error: Record<string, unknown> | null;
  createdAt: string;
}

export interface ContactIdentity {
  id: string;
  kind: string;
  masked: string;
  verified: boolean;
}

export interface Contact {
  id: string;
  displayName: string;
  locale: string | null;
  identities: ContactIdentity[];
  conversationCount: number;
  createdAt: string;
}

/** Frames of the agents' WebSocket feed (ids only; data is refetched over REST). */
export interface RealtimeEvent {
  type: 'ready' | 'message.created' | 'message.updated' | 'conversation.updated' | string;
  conversationId?: string;
  messageId?: string;
}

// ---- Channels, webhooks, masking policy ------------------------------------------------------

export interface Channel {
  id: string;
  type: 'webchat' | 'whatsapp' | string;
  name: string;
  publicKey: string | null;
  settings: Record<string, unknown>;
  enabled: boolean;
  createdAt: string;
}

export interface CreatedChannel extends Channel {
  /** Web chat only, shown once: the HMAC key for identifier_hash. */
  identitySecret?: string;
}

export interface WebhookDelivery {
  event: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  at: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  createdAt: string;
  recentDeliveries: WebhookDelivery[];
}

export interface CreatedWebhookEndpoint extends Omit<WebhookEndpoint, 'recentDeliveries'> {
  secret: string;
}

export type MaskChoice = 'mask' | 'partial' | 'show';
export type MaskingPolicy = Record<string, MaskChoice>;
