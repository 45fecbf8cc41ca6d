/**
 * The data map. Every table is declared here by the module that owns it: either what personal data
 * it holds (whose, which categories, how it is exported and erased) or why it holds none. A test
 * fails when a table exists without a declaration, so data-subject requests and retention can
 * never forget a module. Categories and subjects use fideslang keys.
 */
export type EraseStrategy =
  | { strategy: 'delete' }
  | { strategy: 'anonymise'; columns: string[] }
  | { strategy: 'keep'; legalBasis: string; retention: string };

export interface PersonalDataDeclaration {
  table: string;
  module: string;
  /** fideslang data subject: customer, employee, … */
  dataSubject: 'customer' | 'employee' | 'prospect';
  /** The column that names the subject (a user or contact id). */
  subjectColumn: string;
  categories: string[];
  /** Columns included in an access/portability export. */
  exportColumns: string[];
  erase: EraseStrategy;
}

export interface NoPersonalDataDeclaration {
  table: string;
  module: string;
  reason: string;
}

export const personalDataTables: PersonalDataDeclaration[] = [
  {
    table: 'users',
    module: 'users',
    dataSubject: 'employee',
    subjectColumn: 'id',
    categories: ['user.contact.email', 'user.name', 'user.authorization.credentials', 'user.account'],
    exportColumns: ['email', 'name', 'role', 'created_at', 'last_login_at', 'totp_enabled_at', 'disabled_at'],
    // The row is referenced by audit entries, so an agent's erasure anonymises it instead of deleting.
    erase: { strategy: 'anonymise', columns: ['email', 'name', 'password_hash', 'totp_secret_sealed', 'totp_pending_sealed'] },
  },
  {
    table: 'sessions',
    module: 'auth',
    dataSubject: 'employee',
    subjectColumn: 'user_id',
    categories: ['user.device.ip_address', 'user.device.device_id'],
    exportColumns: ['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'recovery_codes',
    module: 'auth',
    dataSubject: 'employee',
    subjectColumn: 'user_id',
    categories: ['user.authorization.credentials'],
    exportColumns: ['used_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'audit_log',
    module: 'audit',
    dataSubject: 'employee',
    subjectColumn: 'actor_id',
    categories: ['user.contact.email', 'user.device.ip_address', 'system.operations'],
    exportColumns: ['at', 'action', 'target_type', 'target_id', 'reason', 'ip'],
    erase: {
      strategy: 'keep',
      legalBasis: 'LGPD Art. 16 I and Art. 37 / GDPR Art. 5(2), 6(1)(c) and 30: accountability record of processing and access',
      retention: 'at least 5 years (ANPD Res. 15/2024 Art. 10 for incident evidence)',
    },
  },
  {
    table: 'contacts',
    module: 'contacts',
    dataSubject: 'customer',
    subjectColumn: 'id',
    categories: ['user.name', 'user.demographic'],
    exportColumns: ['display_name', 'locale', 'created_at', 'updated_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'contact_identities',
    module: 'contacts',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.contact.email', 'user.contact.phone_number', 'user.government_id.national_identification_number', 'user.unique_id.pseudonymous'],
    exportColumns: ['kind', 'value_sealed', 'verified_at', 'created_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'conversations',
    module: 'conversations',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.behavior'],
    exportColumns: ['channel_type', 'status', 'created_at', 'last_message_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'messages',
    module: 'conversations',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.content.private'],
    exportColumns: ['direction', 'sender_type', 'content_type', 'body_sealed', 'state', 'created_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'attachments',
    module: 'conversations',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.content.private'],
    // The file name is personal data: agents see the masked one; the original is sealed with the content.
    exportColumns: ['mime_type', 'size_bytes', 'filename_masked', 'filename_sealed', 'content_sealed', 'status', 'created_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'alerts',
    module: 'monitoring',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.behavior', 'system.operations'],
    exportColumns: ['rule_name', 'severity', 'status', 'outcome', 'direction', 'created_at'],
    // The record of the DPO's oversight stays; what ties it to the erased customer goes.
    erase: { strategy: 'anonymise', columns: ['contact_id', 'message_id', 'conversation_id'] },
  },
  {
    table: 'alert_events',
    module: 'monitoring',
    dataSubject: 'employee',
    subjectColumn: 'actor_id',
    categories: ['user.content.private', 'system.operations'],
    exportColumns: ['type', 'comment', 'created_at'],
    erase: {
      strategy: 'keep',
      legalBasis: 'LGPD Art. 37 and Art. 50 / GDPR Art. 5(2) and 24: record of how the controller supervised processing',
      retention: 'with the alert; at least 5 years when linked to an incident (ANPD Res. 15/2024 Art. 10)',
    },
  },
  {
    table: 'known_networks',
    module: 'monitoring',
    dataSubject: 'employee',
    subjectColumn: 'user_id',
    categories: ['user.device.ip_address'],
    exportColumns: ['network', 'first_seen_at', 'last_seen_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'incidents',
    module: 'incidents',
    dataSubject: 'employee',
    subjectColumn: 'created_by',
    categories: ['system.operations'],
    exportColumns: ['ref', 'title', 'status', 'created_at'],
    erase: {
      strategy: 'keep',
      legalBasis: 'LGPD Art. 48 and ANPD Res. 15/2024 Art. 10 / GDPR Art. 33(5): register of security incidents',
      retention: 'at least 5 years from the incident, notified or not',
    },
  },
  {
    table: 'incident_subjects',
    module: 'incidents',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.unique_id.pseudonymous', 'system.operations'],
    exportColumns: ['incident_id', 'notified_at', 'added_at'],
    erase: {
      strategy: 'keep',
      legalBasis: 'ANPD Res. 15/2024 Art. 9 and 10 / GDPR Art. 33(5) and 34: proof that each affected subject was notified',
      retention: 'at least 5 years with the incident; the contact id is pseudonymous once the contact is erased',
    },
  },
  {
    table: 'consent_events',
    module: 'consent',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.privacy_preferences', 'user.device.ip_address', 'user.device.device_id', 'user.unique_id.pseudonymous'],
    exportColumns: ['at', 'purpose_key', 'event', 'notice_version', 'notice_hash', 'channel', 'method', 'evidence', 'ip_masked', 'language', 'jurisdiction'],
    // The ledger is the controller's proof of consent and of its withdrawal: erasing the subject
    // shreds their data key (messages become unreadable) but the events stay, IP and user agent
    // sealed with an organisation key and readable only through an audited reveal.
    erase: {
      strategy: 'keep',
      legalBasis: 'LGPD Art. 8 §2 (burden of proof on the controller) and Art. 16 I / GDPR Art. 7(1) and 17(3)(e): proof of consent for the defence of claims',
      retention: '5 years after the processing the consent authorised ended or the consent was withdrawn (CDC Art. 27; LOPDGDD Art. 72 sanctions prescribe within 3 years)',
    },
  },
  {
    table: 'data_subject_requests',
    module: 'data-subject-requests',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.privacy_preferences', 'user.unique_id.pseudonymous'],
    exportColumns: ['ref', 'kind', 'status', 'law', 'channel', 'language', 'received_at', 'due_at', 'extended_due_at', 'extension_reason', 'rejection_reason', 'completed_at'],
    // The request stays as proof that it was answered in time (LGPD Art. 37, GDPR Art. 5(2) and
    // 12); what the subject wrote and how their identity was checked go.
    erase: { strategy: 'anonymise', columns: ['details_sealed', 'evidence_sealed', 'identity_id', 'related_contact_ids'] },
  },
  {
    table: 'data_subject_verifications',
    module: 'data-subject-requests',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.unique_id.pseudonymous', 'system.authentication'],
    exportColumns: ['created_at', 'verified_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'data_subject_exports',
    module: 'data-subject-requests',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.content.private', 'user.contact'],
    exportColumns: ['status', 'size_bytes', 'created_at', 'expires_at', 'downloads', 'last_downloaded_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'data_subject_corrections',
    module: 'data-subject-requests',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.name', 'user.contact', 'user.government_id'],
    exportColumns: ['field', 'proposed_sealed', 'status', 'decided_at', 'created_at'],
    erase: { strategy: 'delete' },
  },
  {
    table: 'contact_processing_limits',
    module: 'data-subject-requests',
    dataSubject: 'customer',
    subjectColumn: 'contact_id',
    categories: ['user.privacy_preferences'],
    exportColumns: ['objection_at', 'restricted_at'],
    erase: { strategy: 'delete' },
  },
];

/**
 * Personal data kept outside this database. The contacts' data keys live in the key vault
 * (platform/crypto/key-vault.ts), a database of its own, so no dump or backup of this one holds
 * them. Erasure deletes the subject's key there first (the crypto-shred: every sealed value of the
 * contact, in any copy, becomes unreadable); an export leaves it out (a key is not the subject's data).
 */
export const personalDataInKeyVault = {
  store: 'key vault',
  table: 'contact_keys',
  module: 'contacts',
  dataSubject: 'customer',
  subjectColumn: 'contact_id',
  categories: ['system.authentication'],
  exportColumns: [],
  erase: { strategy: 'delete' },
} as const satisfies PersonalDataDeclaration & { store: string };

export const tablesWithoutPersonalData: NoPersonalDataDeclaration[] = [
  { table: 'sigilo_migrations', module: 'platform', reason: 'schema version bookkeeping' },
  { table: 'organizations', module: 'organizations', reason: 'the controller (a company), not a natural person' },
  { table: 'api_tokens', module: 'api-tokens', reason: 'integration credentials; created_by is a user id already covered by users' },
  { table: 'ip_allowlist', module: 'ip-allowlist', reason: 'network ranges of the organisation, not of a person' },
  { table: 'webhook_endpoints', module: 'webhooks', reason: "the organisation's integration URLs and sealed signing secrets" },
  {
    table: 'inbox_items',
    module: 'platform',
    reason:
      'in-flight channel notifications, sealed with the organisation key and deleted once ingested (seconds), where their data is declared (messages, contacts); no subject is known before that. Items whose attempts ran out are deleted after 7 days',
  },
  { table: 'webhook_deliveries', module: 'webhooks', reason: 'delivery outcomes (status codes, timings); payloads are not kept' },
  { table: 'channels', module: 'channels', reason: "the organisation's channel settings and sealed API credentials" },
  { table: 'whatsapp_templates', module: 'channels', reason: "the organisation's WhatsApp message templates (names, languages, body text with placeholders; parameters are filled only in the sealed message)" },
  { table: 'monitoring_settings', module: 'monitoring', reason: "the organisation's alert thresholds and rule-set version" },
  { table: 'watch_rules', module: 'monitoring', reason: "the organisation's watch rules (terms, patterns, entity types)" },
  { table: 'incident_reminders', module: 'incidents', reason: 'which deadline reminders were sent (incident id, clock, time)' },
  { table: 'consent_purposes', module: 'consent', reason: "the organisation's processing purposes and legal bases" },
  { table: 'consent_settings', module: 'consent', reason: "the controller's identity and the DPO's published contact (LGPD Art. 41 §1, GDPR Art. 37(7)), not a subject's data" },
  { table: 'privacy_notices', module: 'consent', reason: 'published notice versions: the controller and DPO contact made public by law' },
  { table: 'data_subject_request_events', module: 'data-subject-requests', reason: 'the steps of a request (type, time, staff member, the reason staff gave); the subject is named only through the request' },
];
