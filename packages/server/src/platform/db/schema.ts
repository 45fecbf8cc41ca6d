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
  masking_policy: ColumnType<Record<string, string>, string | undefined, string>;
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

export interface ContactKeysTable {
  org_id: string;
  contact_id: string;
  wrapped_key: Buffer;
  created_at: Timestamp;
}

export interface ContactsTable {
  org_id: string;
  id: string;
  display_name: ColumnType<string, string | undefined, string>;
  locale: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactIdentitiesTable {
  org_id: string;
  id: string;
  contact_id: string;
  kind: 'email' | 'phone' | 'whatsapp' | 'bsuid' | 'document' | 'webchat';
  blind_index: string;
  value_sealed: Buffer;
  value_masked: string;
  verified_at: NullableTimestamp;
  created_at: Timestamp;
}

export type ChannelType = 'webchat' | 'whatsapp' | 'email' | 'voice' | 'api';

export interface ChannelsTable {
  org_id: string;
  id: string;
  type: ChannelType;
  name: string;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  secrets_sealed: Buffer | null;
  public_key: string | null;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface ConversationsTable {
  org_id: string;
  id: string;
  contact_id: string;
  channel_id: string | null;
  channel_type: ChannelType;
  status: ColumnType<'open' | 'pending' | 'resolved', 'open' | 'pending' | 'resolved' | undefined, 'open' | 'pending' | 'resolved'>;
  assignee_id: string | null;
  team: string | null;
  priority: ColumnType<'low' | 'normal' | 'high' | 'urgent', 'low' | 'normal' | 'high' | 'urgent' | undefined, 'low' | 'normal' | 'high' | 'urgent'>;
  last_message_at: Timestamp;
  last_inbound_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type MessageState = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface MessagesTable {
  org_id: string;
  id: string;
  conversation_id: string;
  contact_id: string;
  direction: 'inbound' | 'outbound';
  sender_type: 'contact' | 'agent' | 'system' | 'bot';
  sender_id: string | null;
  content_type: ColumnType<string, string | undefined, string>;
  body_masked: string;
  body_sealed: Buffer | null;
  pii_types: ColumnType<string[], string[] | undefined, string[]>;
  sensitive_flags: ColumnType<string[], string[] | undefined, string[]>;
  search_config: ColumnType<string, string | undefined, string>;
  search: ColumnType<string, never, never>;
  state: ColumnType<MessageState, MessageState | undefined, MessageState>;
  error: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  channel_id: string | null;
  channel_message_id: string | null;
  metadata: ColumnType<Record<string, unknown>, string | undefined, string>;
  purged_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface AttachmentsTable {
  org_id: string;
  id: string;
  message_id: string;
  contact_id: string;
  mime_type: string;
  size_bytes: number | null;
  filename_masked: string | null;
  content_sealed: Buffer | null;
  channel_media_id: string | null;
  created_at: Timestamp;
  status: ColumnType<AttachmentStatus, AttachmentStatus | undefined, AttachmentStatus>;
  reason: string | null;
  filename_sealed: Buffer | null;
  sha256: string | null;
  updated_at: Timestamp;
}

export type AttachmentStatus = 'pending' | 'stored' | 'failed' | 'refused';

export interface WhatsAppTemplatesTable {
  org_id: string;
  id: string;
  channel_id: string;
  name: string;
  language: string;
  category: string;
  body_text: string;
  param_count: ColumnType<number, number | undefined, number>;
  status: string;
  source: 'meta' | 'local';
  meta_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookEndpointsTable {
  org_id: string;
  id: string;
  url: string;
  events: string[];
  secret_sealed: Buffer;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  org_id: string;
  id: string;
  endpoint_id: string;
  event: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: Timestamp;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  ip_allowlist: IpAllowlistTable;
  audit_log: AuditLogTable;
  contact_keys: ContactKeysTable;
  contacts: ContactsTable;
  contact_identities: ContactIdentitiesTable;
  channels: ChannelsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  whatsapp_templates: WhatsAppTemplatesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
