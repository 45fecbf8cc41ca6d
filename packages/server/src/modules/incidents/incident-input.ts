import { z } from 'zod';
import { dateParam } from '../../platform/http/input-guards.js';

const text = (max: number) => z.string().trim().max(max);
export const incidentFields = z.object({
  title: text(200).min(1, 'is required'),
  description: text(10_000).optional(),
  occurredAt: dateParam.nullable().optional(),
  discoveredAt: dateParam.optional(),
  knownAt: dateParam.optional().describe('Time of knowledge: the clocks start here (defaults to now)'),
  nature: z.array(z.enum(['confidentiality', 'integrity', 'availability'])).optional(),
  dataCategories: z.array(text(100).min(1)).max(50).optional(),
  subjectCategories: z.array(text(100).min(1)).max(20).optional(),
  approxSubjects: z.number().int().min(0).max(1e9).nullable().optional(),
  approxRecords: z.number().int().min(0).max(1e12).nullable().optional(),
  likelyConsequences: text(10_000).optional(),
  measuresTaken: text(10_000).optional(),
  riskLevel: z.enum(['low', 'medium', 'high']).nullable().optional(),
  riskReasoning: text(10_000).optional(),
  notificationRequired: z.boolean().nullable().optional(),
  delayReasons: text(10_000).optional(),
  jurisdictions: z.array(z.enum(['anpd', 'gdpr'])).min(1, 'choose at least one authority').optional(),
  smallProcessingAgent: z.boolean().optional(),
  status: z.enum(['open', 'contained', 'closed']).optional(),
  anpdNotifiedAt: dateParam.nullable().optional(),
  gdprNotifiedAt: dateParam.nullable().optional(),
  subjectsNotifiedAt: dateParam.nullable().optional(),
});
export type IncidentFields = z.output<typeof incidentFields>;

/** Column values for the fields present in the input. */
export function incidentColumns(f: Partial<IncidentFields>) {
  const out: Record<string, unknown> = {};
  const set = (col: string, v: unknown) => v !== undefined && (out[col] = v);
  set('title', f.title);
  set('description', f.description);
  set('occurred_at', f.occurredAt);
  set('discovered_at', f.discoveredAt);
  set('known_at', f.knownAt);
  set('nature', f.nature);
  set('data_categories', f.dataCategories);
  set('subject_categories', f.subjectCategories);
  set('approx_subjects', f.approxSubjects);
  set('approx_records', f.approxRecords);
  set('likely_consequences', f.likelyConsequences);
  set('measures_taken', f.measuresTaken);
  set('risk_level', f.riskLevel);
  set('risk_reasoning', f.riskReasoning);
  set('notification_required', f.notificationRequired);
  set('delay_reasons', f.delayReasons);
  set('jurisdictions', f.jurisdictions);
  set('small_processing_agent', f.smallProcessingAgent);
  set('status', f.status);
  set('anpd_notified_at', f.anpdNotifiedAt);
  set('gdpr_notified_at', f.gdprNotifiedAt);
  set('subjects_notified_at', f.subjectsNotifiedAt);
  if (f.status === 'closed') out.closed_at = new Date();
  if (f.status && f.status !== 'closed') out.closed_at = null;
  return out;
}
