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
  paused_at: NullableTimestamp;
  paused_by: string | null;
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
  purged_by: string | null;
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
  status_reason: string | null;
  quality_score: string | null;
  status_changed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  components: ColumnType<Record<string, unknown>, string | undefined, string>;
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

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface MonitoringSettingsTable {
  org_id: string;
  rules_version: ColumnType<number, number | undefined, number>;
  email_min_severity: ColumnType<Severity | 'never', Severity | 'never' | undefined, Severity | 'never'>;
  webhook_min_severity: ColumnType<Severity | 'never', Severity | 'never' | undefined, Severity | 'never'>;
  anomaly_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  small_processing_agent: ColumnType<boolean, boolean | undefined, boolean>;
  audit_cursor: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface WatchRulesTable {
  org_id: string;
  id: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  kind: 'terms' | 'regex' | 'pii';
  terms: ColumnType<string[], string[] | undefined, string[]>;
  pattern: string | null;
  pii_types: ColumnType<string[], string[] | undefined, string[]>;
  sensitive_flags: ColumnType<string[], string[] | undefined, string[]>;
  directions: ColumnType<string[], string[] | undefined, string[]>;
  channel_types: ColumnType<string[], string[] | undefined, string[]>;
  teams: ColumnType<string[], string[] | undefined, string[]>;
  severity: Severity;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  pack: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export type AlertOutcome = 'false_positive' | 'handled' | 'escalated';
export type AnomalyKind = 'reveal_rate' | 'export_rate' | 'off_hours' | 'new_network' | 'bulk_export';

export interface AlertsTable {
  org_id: string;
  id: string;
  kind: 'rule' | 'anomaly';
  rule_id: string | null;
  rule_name: string;
  anomaly: AnomalyKind | null;
  severity: Severity;
  status: ColumnType<AlertStatus, AlertStatus | undefined, AlertStatus>;
  outcome: AlertOutcome | null;
  message_id: string | null;
  conversation_id: string | null;
  contact_id: string | null;
  agent_id: string | null;
  matched: ColumnType<string[], string[] | undefined, string[]>;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  direction: string | null;
  assignee_id: string | null;
  incident_id: string | null;
  email_state: 'pending' | 'sent' | null;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlertEventsTable {
  org_id: string;
  id: string;
  alert_id: string;
  type: string;
  actor_id: string | null;
  comment: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

export interface KnownNetworksTable {
  org_id: string;
  user_id: string;
  network: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface IncidentsTable {
  org_id: string;
  id: string;
  ref: number;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  status: ColumnType<'open' | 'contained' | 'closed', 'open' | 'contained' | 'closed' | undefined, 'open' | 'contained' | 'closed'>;
  occurred_at: NullableTimestamp;
  discovered_at: Timestamp;
  known_at: Timestamp;
  nature: ColumnType<string[], string[] | undefined, string[]>;
  data_categories: ColumnType<string[], string[] | undefined, string[]>;
  subject_categories: ColumnType<string[], string[] | undefined, string[]>;
  approx_subjects: number | null;
  approx_records: number | null;
  likely_consequences: ColumnType<string, string | undefined, string>;
  measures_taken: ColumnType<string, string | undefined, string>;
  risk_level: 'low' | 'medium' | 'high' | null;
  risk_reasoning: ColumnType<string, string | undefined, string>;
  notification_required: boolean | null;
  delay_reasons: ColumnType<string, string | undefined, string>;
  jurisdictions: ColumnType<string[], string[] | undefined, string[]>;
  small_processing_agent: ColumnType<boolean, boolean | undefined, boolean>;
  anpd_notified_at: NullableTimestamp;
  gdpr_notified_at: NullableTimestamp;
  subjects_notified_at: NullableTimestamp;
  alert_id: string | null;
  created_by: string | null;
  closed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IncidentRemindersTable {
  org_id: string;
  incident_id: string;
  clock: string;
  kind: 'due_soon' | 'overdue';
  sent_at: Timestamp;
}

export interface IncidentSubjectsTable {
  org_id: string;
  incident_id: string;
  contact_id: string;
  source: string;
  notified_at: NullableTimestamp;
  notice_message_id: string | null;
  added_at: Timestamp;
}

export type ConsentEventType = 'given' | 'refused' | 'withdrawn' | 'expired' | 'renewed';
export type ConsentChannel = 'webchat' | 'whatsapp' | 'voice' | 'email' | 'api' | 'agent' | 'portal' | 'system';

export interface ConsentPurposesTable {
  org_id: string;
  id: string;
  key: string;
  data_use: string;
  names: ColumnType<Record<string, string>, string, string>;
  descriptions: ColumnType<Record<string, string>, string, string>;
  data_categories: ColumnType<string[], string[] | undefined, string[]>;
  legal_basis: string;
  lgpd_article: string;
  gdpr_article: string;
  sensitive: ColumnType<boolean, boolean | undefined, boolean>;
  basis_note: ColumnType<string, string | undefined, string>;
  retention_days: number | null;
  retention_note: ColumnType<string, string | undefined, string>;
  recipients: ColumnType<Array<{ name: string; country: string; role: string }>, string | undefined, string>;
  international_transfer: ColumnType<boolean, boolean | undefined, boolean>;
  transfer_mechanism: ColumnType<string, string | undefined, string>;
  channels: ColumnType<string[], string[] | undefined, string[]>;
  consent_validity_days: number | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  position: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConsentSettingsTable {
  org_id: string;
  controller_name: ColumnType<string, string | undefined, string>;
  controller_id_number: ColumnType<string, string | undefined, string>;
  controller_address: ColumnType<string, string | undefined, string>;
  controller_email: ColumnType<string, string | undefined, string>;
  dpo_name: ColumnType<string, string | undefined, string>;
  dpo_email: ColumnType<string, string | undefined, string>;
  rights_url: ColumnType<string, string | undefined, string>;
  texts: ColumnType<Record<string, Record<string, string>>, string | undefined, string>;
  updated_at: Timestamp;
}

export interface PrivacyNoticesTable {
  org_id: string;
  id: string;
  version: number;
  effective_at: Timestamp;
  content: ColumnType<Record<string, unknown>, string, never>;
  content_hash: string;
  renewal_purposes: ColumnType<string[], string[] | undefined, never>;
  change_note: ColumnType<string, string | undefined, never>;
  published_by: string | null;
  created_at: Timestamp;
}

export interface ConsentEventsTable {
  org_id: string;
  seq: number;
  id: string;
  at: ColumnType<Date, Date, never>;
  contact_id: string;
  purpose_id: string;
  purpose_key: string;
  event: ConsentEventType;
  notice_id: string;
  notice_version: number;
  notice_hash: string;
  channel: ConsentChannel;
  channel_id: string | null;
  method: string;
  evidence: ColumnType<Record<string, unknown>, string, never>;
  evidence_sealed: Buffer | null;
  ip_masked: string | null;
  language: string;
  jurisdiction: string;
  actor_type: 'contact' | 'user' | 'token' | 'system';
  actor_id: string | null;
  prev_hash: string;
  hash: string;
}

export type DataSubjectRequestKind =
  | 'confirmation' | 'access' | 'portability' | 'correction' | 'erasure' | 'anonymisation' | 'blocking'
  | 'objection' | 'restriction' | 'consent_withdrawal' | 'sharing_info' | 'refusal_consequences';
export type DataSubjectRequestStatus = 'received' | 'identity_verified' | 'in_progress' | 'extended' | 'completed' | 'rejected';

export interface DataSubjectRequestsTable {
  org_id: string;
  id: string;
  ref: number;
  kind: DataSubjectRequestKind;
  status: ColumnType<DataSubjectRequestStatus, DataSubjectRequestStatus | undefined, DataSubjectRequestStatus>;
  law: 'LGPD' | 'GDPR';
  contact_id: string | null;
  related_contact_ids: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  identity_id: string | null;
  language: 'pt-BR' | 'es' | 'en';
  channel: 'portal' | 'phone' | 'letter' | 'email' | 'in_person';
  details_sealed: Buffer | null;
  evidence_sealed: Buffer | null;
  duplicate_of: string | null;
  repeat_of: string | null;
  received_at: Timestamp;
  due_at: Timestamp;
  extended_due_at: NullableTimestamp;
  extension_reason: string | null;
  rejection_reason: string | null;
  verified_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  outcome: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface DataSubjectRequestEventsTable {
  org_id: string;
  id: string;
  request_id: string;
  at: Timestamp;
  type: string;
  actor_id: string | null;
  note: string | null;
}

export interface DataSubjectVerificationsTable {
  org_id: string;
  id: string;
  blind_index: string;
  request_id: string | null;
  contact_id: string | null;
  code_hash: string;
  attempts: ColumnType<number, number | undefined, number>;
  expires_at: Timestamp;
  verified_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface DataSubjectExportsTable {
  org_id: string;
  id: string;
  request_id: string;
  contact_id: string;
  status: ColumnType<'building' | 'ready' | 'failed' | 'expired', 'building' | 'ready' | 'failed' | 'expired' | undefined, 'building' | 'ready' | 'failed' | 'expired'>;
  bundle_sealed: Buffer | null;
  size_bytes: number | null;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  expires_at: Timestamp;
  downloads: ColumnType<number, number | undefined, number>;
  last_downloaded_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface DataSubjectCorrectionsTable {
  org_id: string;
  id: string;
  request_id: string;
  contact_id: string;
  field: 'display_name' | 'email' | 'phone' | 'document';
  proposed_sealed: Buffer;
  status: ColumnType<'proposed' | 'applied' | 'declined', 'proposed' | 'applied' | 'declined' | undefined, 'proposed' | 'applied' | 'declined'>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  created_at: Timestamp;
}

export interface ContactProcessingLimitsTable {
  org_id: string;
  contact_id: string;
  objection_at: NullableTimestamp;
  restricted_at: NullableTimestamp;
  request_id: string | null;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  ip_allowlist: IpAllowlistTable;
  audit_log: AuditLogTable;
  contacts: ContactsTable;
  contact_identities: ContactIdentitiesTable;
  channels: ChannelsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  whatsapp_templates: WhatsAppTemplatesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  consent_purposes: ConsentPurposesTable;
  consent_settings: ConsentSettingsTable;
  privacy_notices: PrivacyNoticesTable;
  consent_events: ConsentEventsTable;
  monitoring_settings: MonitoringSettingsTable;
  watch_rules: WatchRulesTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  known_networks: KnownNetworksTable;
  incidents: IncidentsTable;
  incident_reminders: IncidentRemindersTable;
  incident_subjects: IncidentSubjectsTable;
  data_subject_requests: DataSubjectRequestsTable;
  data_subject_request_events: DataSubjectRequestEventsTable;
  data_subject_verifications: DataSubjectVerificationsTable;
  data_subject_exports: DataSubjectExportsTable;
  data_subject_corrections: DataSubjectCorrectionsTable;
  contact_processing_limits: ContactProcessingLimitsTable;
}
