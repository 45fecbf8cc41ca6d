/**
 * Brazilian business days for the ANPD clocks. National holidays: the fixed dates of Lei 662/1949
 * as amended (1 Jan, 21 Apr, 1 May, 7 Sep, 2 Nov, 15 Nov, 25 Dec), 12 Oct (Lei 6.802/1980), 20 Nov
 * (Lei 14.759/2023, from 2024), and Good Friday (Paixão de Cristo, on the federal calendar of
 * holidays). Carnival and Corpus Christi are optional days off (ponto facultativo), not holidays,
 * so they count as business days here: the stricter reading for a deadline. Days are calendar
 * days in Brasília time (UTC−3 all year since 2019).
 */
const BRASILIA_OFFSET_MS = -3 * 3600_000;

/** Easter Sunday (Gregorian, anonymous algorithm) as [month (1-12), day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const pad = (n: number) => String(n).padStart(2, '0');
const holidayCache = new Map<number, Set<string>>();

/** The national holidays of a year as YYYY-MM-DD. */
export function brazilianNationalHolidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (set) return set;
  const fixed = ['01-01', '04-21', '05-01', '09-07', '10-12', '11-02', '11-15', '12-25'];
  if (year >= 2024) fixed.push('11-20');
  set = new Set(fixed.map((md) => `${year}-${md}`));
  const [m, d] = easterSunday(year);
  const goodFriday = new Date(Date.UTC(year, m - 1, d - 2));
  set.add(goodFriday.toISOString().slice(0, 10));
  holidayCache.set(year, set);
  return set;
}

/** The calendar day (YYYY-MM-DD) of an instant in Brasília. */
export function brasiliaDay(at: Date): string {
  return new Date(at.getTime() + BRASILIA_OFFSET_MS).toISOString().slice(0, 10);
}

export function isBrazilianBusinessDay(day: string): boolean {
  const date = new Date(`${day}T12:00:00Z`);
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !brazilianNationalHolidays(date.getUTCFullYear()).has(day);
}

/**
 * The end (23:59:59.999 Brasília) of the n-th business day after the day of `from`: the day of
 * knowledge itself is not counted, as in the ANPD's counting of deadlines in business days.
 */
export function addBrazilianBusinessDays(from: Date, n: number): Date {
  let day = brasiliaDay(from);
  let counted = 0;
  while (counted < n) {
    const next = new Date(`${day}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    day = next.toISOString().slice(0, 10);
    if (isBrazilianBusinessDay(day)) counted++;
  }
  // 23:59:59.999 in Brasília is 02:59:59.999 UTC of the next day.
  return new Date(new Date(`${day}T23:59:59.999Z`).getTime() - BRASILIA_OFFSET_MS);
}
