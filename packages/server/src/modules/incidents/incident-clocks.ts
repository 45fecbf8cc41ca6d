import { addBrazilianBusinessDays } from './business-days.js';

export type ClockName = 'anpd' | 'anpd_subjects' | 'gdpr';
export type ClockState = 'running' | 'due_soon' | 'overdue' | 'met' | 'late' | 'not_required';

export interface Clock {
  clock: ClockName;
  /** Law and article the deadline comes from. */
  basis: string;
  deadline: Date;
  doneAt: Date | null;
  state: ClockState;
}

/** Reminders fire this long before a deadline. */
export const DUE_SOON_MS = 24 * 3600_000;

export interface IncidentClockFacts {
  known_at: Date;
  jurisdictions: string[];
  small_processing_agent: boolean;
  notification_required: boolean | null;
  anpd_notified_at: Date | null;
  gdpr_notified_at: Date | null;
  subjects_notified_at: Date | null;
}

/**
 * The deadlines of an incident from the time of knowledge. ANPD (Res. CD/ANPD 15/2024 Art. 6 and
 * Art. 9): 3 business days for the authority and for the subjects, doubled for small processing
 * agents (Res. 2/2022 Art. 14, as Res. 15/2024 provides). GDPR Art. 33(1): 72 hours. A clock stops
 * when the notification is recorded; "not required" once the risk assessment concludes so.
 */
export function incidentClocks(i: IncidentClockFacts, now = new Date()): Clock[] {
  const days = i.small_processing_agent ? 6 : 3;
  const clocks: Array<Omit<Clock, 'state'>> = [];
  if (i.jurisdictions.includes('anpd')) {
    const deadline = addBrazilianBusinessDays(i.known_at, days);
    clocks.push({ clock: 'anpd', basis: `LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 6 (${days} business days)`, deadline, doneAt: i.anpd_notified_at });
    clocks.push({ clock: 'anpd_subjects', basis: `Res. CD/ANPD 15/2024 Art. 9 (${days} business days)`, deadline, doneAt: i.subjects_notified_at });
  }
  if (i.jurisdictions.includes('gdpr')) {
    clocks.push({ clock: 'gdpr', basis: 'GDPR Art. 33(1) (72 hours)', deadline: new Date(i.known_at.getTime() + 72 * 3600_000), doneAt: i.gdpr_notified_at });
  }
  return clocks.map((c) => ({ ...c, state: clockState(c, i.notification_required, now) }));
}

function clockState(c: Omit<Clock, 'state'>, required: boolean | null, now: Date): ClockState {
  if (c.doneAt) return c.doneAt <= c.deadline ? 'met' : 'late';
  if (required === false) return 'not_required';
  const left = c.deadline.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  if (left <= DUE_SOON_MS) return 'due_soon';
  return 'running';
}
