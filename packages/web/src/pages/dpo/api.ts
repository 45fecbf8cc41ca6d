// Types and query keys of the DPO console (docs/api.md, "Monitoring and incidents").

export interface Alert {
  id: string;
  kind: 'rule' | 'anomaly';
  ruleId: string | null;
  ruleName: string;
  anomaly: string | null;
  severity: Severity;
  status: 'open' | 'acknowledged' | 'resolved';
  outcome: string | null;
  messageId: string | null;
  conversationId: string | null;
  contactId: string | null;
  agentId: string | null;
  direction: string | null;
  matched: string[];
  details: Record<string, unknown>;
  assigneeId: string | null;
  incidentId: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export interface AlertDetail extends Alert {
  context: Array<{ id: string; direction: string; senderType: string; senderId: string | null; body: string; piiTypes: string[]; sensitiveFlags: string[]; purged: boolean; createdAt: string; isTrigger: boolean }>;
  contact: { id: string; displayName: string } | null;
  agent: { id: string; name: string; role: string } | null;
  conversation: { id: string; status: string; assigneeId: string | null; pausedAt: string | null; channelType: string } | null;
  events: Array<{ id: string; type: string; actorId: string | null; actorName: string | null; comment: string | null; data: Record<string, unknown>; createdAt: string }>;
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];
export const SEVERITY_COLOR: Record<string, string> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };

export interface WatchRule {
  id: string;
  name: string;
  description: string;
  kind: 'terms' | 'regex' | 'pii';
  terms: string[];
  pattern: string | null;
  piiTypes: string[];
  sensitiveFlags: string[];
  directions: string[];
  channelTypes: string[];
  teams: string[];
  severity: Severity;
  enabled: boolean;
  pack: string | null;
}

export interface MonitoringSettings {
  emailMinSeverity: string;
  webhookMinSeverity: string;
  smallProcessingAgent: boolean;
  email: { configured: boolean };
  activeTerms: number;
  activeRules: number;
}

export interface Clock {
  clock: 'anpd' | 'anpd_subjects' | 'gdpr';
  basis: string;
  deadline: string;
  doneAt: string | null;
  state: 'running' | 'due_soon' | 'overdue' | 'met' | 'late' | 'not_required';
}

export interface Incident {
  id: string;
  ref: number;
  title: string;
  description: string;
  status: 'open' | 'contained' | 'closed';
  occurredAt: string | null;
  discoveredAt: string;
  knownAt: string;
  nature: string[];
  dataCategories: string[];
  subjectCategories: string[];
  approxSubjects: number | null;
  approxRecords: number | null;
  likelyConsequences: string;
  measuresTaken: string;
  riskLevel: string | null;
  riskReasoning: string;
  notificationRequired: boolean | null;
  delayReasons: string;
  jurisdictions: string[];
  smallProcessingAgent: boolean;
  anpdNotifiedAt: string | null;
  gdprNotifiedAt: string | null;
  subjectsNotifiedAt: string | null;
  alertId: string | null;
  clocks: Clock[];
  clockState: string;
  subjects?: { total: number; notified: number };
}

export const CLOCK_COLOR: Record<string, string> = { running: 'blue', due_soon: 'orange', overdue: 'red', met: 'teal', late: 'grape', not_required: 'gray' };

export const ENTITY_TYPES = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'BR_CPF', 'BR_CNPJ', 'BR_CEP', 'BR_CNH', 'BR_PIX_KEY', 'ES_DNI', 'ES_NIE', 'PT_NIF', 'DATE_OF_BIRTH', 'PASSWORD', 'PERSON', 'ADDRESS'];
export const SENSITIVE_CATEGORIES = ['HEALTH', 'RELIGION', 'POLITICS', 'SEX_LIFE', 'ETHNICITY', 'BIOMETRIC_GENETIC', 'UNION', 'CRIMINAL'];
export const CHANNEL_TYPES = ['webchat', 'whatsapp', 'email', 'voice', 'api'];

export const dpoKeys = {
  all: ['dpo'] as const,
  alerts: (filter: string) => ['dpo', 'alerts', filter] as const,
  alert: (id: string) => ['dpo', 'alert', id] as const,
  rules: ['dpo', 'rules'] as const,
  settings: ['dpo', 'settings'] as const,
  stats: ['dpo', 'stats'] as const,
  incidents: ['dpo', 'incidents'] as const,
  incident: (id: string) => ['dpo', 'incident', id] as const,
};
