import type { Tx } from '../../platform/db/database.js';

export const DAYS_LEFT_BUCKETS = ['overdue', '0-2', '3-7', '8-15', '16-30', '31+'] as const;
export type DaysLeftBucket = (typeof DAYS_LEFT_BUCKETS)[number];

export interface RequestDeadlineStats {
  /** Open requests by the days left on their legal clock (the extended one when extended). */
  openByDaysLeft: Array<{ bucket: DaysLeftBucket; count: number }>;
  /** Requests answered (completed or rejected) per ISO week, on time or after their deadline. */
  answeredPerWeek: Array<{ week: string; onTime: number; late: number }>;
  open: number;
  overdue: number;
}

const DAY = 86_400_000;

function bucketOf(msLeft: number): DaysLeftBucket {
  if (msLeft < 0) return 'overdue';
  const days = Math.floor(msLeft / DAY);
  return days <= 2 ? '0-2' : days <= 7 ? '3-7' : days <= 15 ? '8-15' : days <= 30 ? '16-30' : '31+';
}

/** Monday 00:00 UTC of the week of `d`, as YYYY-MM-DD. */
function weekOf(d: Date): string {
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

/**
 * Requests against their legal deadlines, for the DPO console's chart: counts only, no subject.
 * Open requests (received, verified, in progress, extended) by time left; the last `weeks` weeks of
 * answers split into on time and late (LGPD Art. 19, GDPR Art. 12(3)).
 */
export async function requestDeadlineStats(tx: Tx, orgId: string, options: { weeks: number; now?: Date }): Promise<RequestDeadlineStats> {
  const now = options.now ?? new Date();
  const open = await tx
    .selectFrom('data_subject_requests')
    .select(['due_at', 'extended_due_at'])
    .where('org_id', '=', orgId)
    .where('status', 'not in', ['completed', 'rejected'])
    .execute();
  const counts = new Map<DaysLeftBucket, number>(DAYS_LEFT_BUCKETS.map((b) => [b, 0]));
  for (const r of open) {
    const b = bucketOf((r.extended_due_at ?? r.due_at).getTime() - now.getTime());
    counts.set(b, counts.get(b)! + 1);
  }
  const firstWeek = weekOf(new Date(now.getTime() - (options.weeks - 1) * 7 * DAY));
  const answered = await tx
    .selectFrom('data_subject_requests')
    .select(['due_at', 'extended_due_at', 'completed_at'])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['completed', 'rejected'])
    .where('completed_at', '>=', new Date(`${firstWeek}T00:00:00Z`))
    .execute();
  const weeks = new Map<string, { onTime: number; late: number }>();
  for (let i = 0; i < options.weeks; i++) weeks.set(weekOf(new Date(new Date(`${firstWeek}T00:00:00Z`).getTime() + i * 7 * DAY)), { onTime: 0, late: 0 });
  for (const r of answered) {
    if (!r.completed_at) continue;
    const w = weeks.get(weekOf(r.completed_at));
    if (!w) continue;
    if (r.completed_at.getTime() <= (r.extended_due_at ?? r.due_at).getTime()) w.onTime++;
    else w.late++;
  }
  return {
    openByDaysLeft: DAYS_LEFT_BUCKETS.map((bucket) => ({ bucket, count: counts.get(bucket)! })),
    answeredPerWeek: [...weeks].map(([week, c]) => ({ week, ...c })),
    open: open.length,
    overdue: counts.get('overdue')!,
  };
}
