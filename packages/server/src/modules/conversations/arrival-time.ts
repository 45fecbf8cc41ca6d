/**
 * Arrival timestamps with microsecond resolution, strictly increasing within the process. Messages
 * are ordered by when Sigilo accepted them, so the workers may store them in any order (several
 * batches at once) and a customer's burst still reads in the order it came.
 */
let lastMicros = 0;

/** Reserves `count` consecutive microseconds (since the epoch) and returns the first. */
export function reserveArrivalTimes(count = 1): number {
  const now = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const first = Math.max(now, lastMicros + 1);
  lastMicros = first + Math.max(1, count) - 1;
  return first;
}

/** ISO 8601 with microseconds (PostgreSQL keeps them; a JS Date would round to milliseconds). */
export function microsToIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = String(micros % 1000).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${rest}Z`);
}

export function arrivalTime(): string {
  return microsToIso(reserveArrivalTimes(1));
}
