import { describe, expect, it } from 'vitest';
import { addBrazilianBusinessDays, brazilianNationalHolidays, easterSunday } from './business-days.js';
import { incidentClocks } from './incident-clocks.js';

const base = { jurisdictions: ['anpd', 'gdpr'], small_processing_agent: false, notification_required: null, anpd_notified_at: null, gdpr_notified_at: null, subjects_notified_at: null };

describe('Brazilian business days', () => {
  it('knows Easter and Good Friday', () => {
    expect(easterSunday(2024)).toEqual([3, 31]);
    expect(easterSunday(2025)).toEqual([4, 20]);
    expect(easterSunday(2026)).toEqual([4, 5]);
    expect(brazilianNationalHolidays(2026).has('2026-04-03')).toBe(true);
    expect(brazilianNationalHolidays(2026).has('2026-11-20')).toBe(true);
    expect(brazilianNationalHolidays(2023).has('2023-11-20')).toBe(false);
  });

  it('counts 3 business days after the day of knowledge, to the end of the day in Brasília', () => {
    // Monday 9 Nov 2026, 10:00 in Brasília → Tue, Wed, Thu → Thursday 12 Nov 23:59:59.999 BRT.
    expect(addBrazilianBusinessDays(new Date('2026-11-09T13:00:00Z'), 3).toISOString()).toBe('2026-11-13T02:59:59.999Z');
    // Thursday 12 Nov 2026: Fri 13, (Sat, Sun, Mon 16), (Sun 15 Nov is a holiday on a Sunday anyway), Tue 17 → Fri 13, Mon 16, Tue 17.
    expect(addBrazilianBusinessDays(new Date('2026-11-12T13:00:00Z'), 3).toISOString()).toBe('2026-11-18T02:59:59.999Z');
    // Wednesday 18 Nov 2026: Thu 19, (Fri 20 Nov Consciência Negra), Mon 23, Tue 24.
    expect(addBrazilianBusinessDays(new Date('2026-11-18T13:00:00Z'), 3).toISOString()).toBe('2026-11-25T02:59:59.999Z');
    // Wednesday 1 Apr 2026: Thu 2, (Good Friday 3 Apr), Mon 6, Tue 7.
    expect(addBrazilianBusinessDays(new Date('2026-04-01T13:00:00Z'), 3).toISOString()).toBe('2026-04-08T02:59:59.999Z');
    // 23:30 on Friday in Brasília is already Saturday in UTC: the day of knowledge is still Friday.
    expect(addBrazilianBusinessDays(new Date('2026-11-07T02:30:00Z'), 1).toISOString()).toBe('2026-11-10T02:59:59.999Z');
  });

  it('doubles the ANPD deadline for small processing agents; GDPR is 72 hours', () => {
    const known = new Date('2026-11-09T13:00:00Z');
    const normal = incidentClocks({ ...base, known_at: known }, known);
    const small = incidentClocks({ ...base, known_at: known, small_processing_agent: true }, known);
    expect(normal.find((c) => c.clock === 'anpd')!.deadline.toISOString()).toBe('2026-11-13T02:59:59.999Z');
    // Tue 10, Wed 11, Thu 12, Fri 13, Mon 16, Tue 17.
    expect(small.find((c) => c.clock === 'anpd')!.deadline.toISOString()).toBe('2026-11-18T02:59:59.999Z');
    expect(normal.find((c) => c.clock === 'gdpr')!.deadline.toISOString()).toBe('2026-11-12T13:00:00.000Z');
  });

  it('moves from running to due soon to overdue, and stops when notified', () => {
    const known = new Date('2026-11-09T13:00:00Z');
    const at = (iso: string) => incidentClocks({ ...base, known_at: known }, new Date(iso)).find((c) => c.clock === 'gdpr')!.state;
    expect(at('2026-11-10T13:00:00Z')).toBe('running');
    expect(at('2026-11-11T14:00:00Z')).toBe('due_soon');
    expect(at('2026-11-12T14:00:00Z')).toBe('overdue');
    const notified = incidentClocks({ ...base, known_at: known, gdpr_notified_at: new Date('2026-11-11T00:00:00Z') }, new Date('2026-11-20T00:00:00Z'));
    expect(notified.find((c) => c.clock === 'gdpr')!.state).toBe('met');
    const notRequired = incidentClocks({ ...base, known_at: known, notification_required: false }, new Date('2026-11-20T00:00:00Z'));
    expect(notRequired.every((c) => c.state === 'not_required')).toBe(true);
  });
});
