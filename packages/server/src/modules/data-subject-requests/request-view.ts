import type { Selectable } from 'kysely';
import type { DataSubjectRequestsTable } from '../../platform/db/schema.js';
import { requestClock, type RequestClock } from './deadlines.js';

export type RequestRow = Selectable<DataSubjectRequestsTable>;

export interface RequestView {
  id: string;
  ref: number;
  kind: string;
  status: string;
  law: string;
  contactId: string | null;
  language: string;
  channel: string;
  receivedAt: Date;
  dueAt: Date;
  extendedDueAt: Date | null;
  extensionReason: string | null;
  rejectionReason: string | null;
  verifiedAt: Date | null;
  completedAt: Date | null;
  duplicateOf: string | null;
  repeatOf: string | null;
  outcome: Record<string, unknown>;
  clock: RequestClock;
}

/** The deadline in force: the extended one once the extension was notified. */
export const effectiveDue = (r: Pick<RequestRow, 'due_at' | 'extended_due_at'>): Date => r.extended_due_at ?? r.due_at;

export function toRequestView(r: RequestRow, now = new Date()): RequestView {
  const done = r.status === 'completed' || r.status === 'rejected' ? (r.completed_at ?? r.updated_at) : null;
  return {
    id: r.id,
    ref: r.ref,
    kind: r.kind,
    status: r.status,
    law: r.law,
    contactId: r.contact_id,
    language: r.language,
    channel: r.channel,
    receivedAt: r.received_at,
    dueAt: effectiveDue(r),
    extendedDueAt: r.extended_due_at,
    extensionReason: r.extension_reason,
    rejectionReason: r.rejection_reason,
    verifiedAt: r.verified_at,
    completedAt: r.completed_at,
    duplicateOf: r.duplicate_of,
    repeatOf: r.repeat_of,
    outcome: r.outcome,
    clock: requestClock(effectiveDue(r), done, now),
  };
}
