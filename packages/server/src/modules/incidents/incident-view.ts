import type { Selectable } from 'kysely';
import type { IncidentsTable } from '../../platform/db/schema.js';
import { incidentClocks, type Clock } from './incident-clocks.js';

export interface IncidentView {
  id: string;
  ref: number;
  title: string;
  description: string;
  status: string;
  occurredAt: Date | null;
  discoveredAt: Date;
  knownAt: Date;
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
  anpdNotifiedAt: Date | null;
  gdprNotifiedAt: Date | null;
  subjectsNotifiedAt: Date | null;
  alertId: string | null;
  createdBy: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  clocks: Clock[];
  /** The worst state of the clocks: overdue > due_soon > running > the rest. */
  clockState: string;
}

const rank = ['overdue', 'due_soon', 'running', 'late', 'met', 'not_required'];

export function toIncidentView(r: Selectable<IncidentsTable>, now = new Date()): IncidentView {
  const clocks = incidentClocks(r, now);
  const clockState = clocks.map((c) => c.state).sort((a, b) => rank.indexOf(a) - rank.indexOf(b))[0] ?? 'not_required';
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    description: r.description,
    status: r.status,
    occurredAt: r.occurred_at,
    discoveredAt: r.discovered_at,
    knownAt: r.known_at,
    nature: r.nature,
    dataCategories: r.data_categories,
    subjectCategories: r.subject_categories,
    approxSubjects: r.approx_subjects,
    approxRecords: r.approx_records === null ? null : Number(r.approx_records),
    likelyConsequences: r.likely_consequences,
    measuresTaken: r.measures_taken,
    riskLevel: r.risk_level,
    riskReasoning: r.risk_reasoning,
    notificationRequired: r.notification_required,
    delayReasons: r.delay_reasons,
    jurisdictions: r.jurisdictions,
    smallProcessingAgent: r.small_processing_agent,
    anpdNotifiedAt: r.anpd_notified_at,
    gdprNotifiedAt: r.gdpr_notified_at,
    subjectsNotifiedAt: r.subjects_notified_at,
    alertId: r.alert_id,
    createdBy: r.created_by,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    clocks,
    clockState,
  };
}
