/**
 * Legal deadlines of a data-subject request. LGPD Art. 19 II: the full declaration within 15 days
 * of the request. GDPR Art. 12(3): one month of receipt, extendable by two further months when
 * the requester is told, with reasons, within the first month.
 */
export type RequestLaw = 'LGPD' | 'GDPR';

export const lawOfCountry = (country: string): RequestLaw => (country === 'BR' ? 'LGPD' : 'GDPR');

export function addMonthsUtc(from: Date, months: number): Date {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 January + one month is the last day of February, not 3 March.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export function dueDate(law: RequestLaw, receivedAt: Date): Date {
  return law === 'LGPD' ? new Date(receivedAt.getTime() + 15 * 86_400_000) : addMonthsUtc(receivedAt, 1);
}

/** Why an extension is not possible now, or null when it is. */
export function extensionProblem(law: RequestLaw, dueAt: Date, alreadyExtended: boolean, now = new Date()): string | null {
  if (law === 'LGPD') return 'LGPD Art. 19 sets 15 days for the full declaration; it provides no extension';
  if (alreadyExtended) return 'the deadline was already extended (GDPR Art. 12(3) allows one extension of two months)';
  if (now.getTime() >= dueAt.getTime()) return 'GDPR Art. 12(3) requires the extension to be notified within the first month';
  return null;
}

export const extendedDueDate = (receivedAt: Date) => addMonthsUtc(receivedAt, 3);

export type ClockState = 'on_time' | 'due_soon' | 'overdue' | 'answered';

export interface RequestClock {
  dueAt: Date;
  /** Milliseconds left (negative when overdue); null once answered. */
  msLeft: number | null;
  state: ClockState;
}

export function requestClock(dueAt: Date, doneAt: Date | null, now = new Date()): RequestClock {
  if (doneAt) return { dueAt, msLeft: null, state: doneAt.getTime() <= dueAt.getTime() ? 'answered' : 'overdue' };
  const msLeft = dueAt.getTime() - now.getTime();
  return { dueAt, msLeft, state: msLeft < 0 ? 'overdue' : msLeft < 3 * 86_400_000 ? 'due_soon' : 'on_time' };
}
