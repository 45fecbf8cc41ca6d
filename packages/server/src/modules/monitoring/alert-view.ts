import type { Selectable } from 'kysely';
import type { AlertsTable } from '../../platform/db/schema.js';

export interface AlertView {
  id: string;
  kind: 'rule' | 'anomaly';
  ruleId: string | null;
  ruleName: string;
  anomaly: string | null;
  severity: string;
  status: string;
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
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

export function toAlertView(row: Selectable<AlertsTable>): AlertView {
  return {
    id: row.id,
    kind: row.kind,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    anomaly: row.anomaly,
    severity: row.severity,
    status: row.status,
    outcome: row.outcome,
    messageId: row.message_id,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    agentId: row.agent_id,
    direction: row.direction,
    matched: row.matched,
    details: row.details,
    assigneeId: row.assignee_id,
    incidentId: row.incident_id,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
  };
}
