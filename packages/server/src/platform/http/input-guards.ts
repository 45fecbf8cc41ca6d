import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Problem } from './problem.js';

/** The path of the first string holding a NUL character, which PostgreSQL text cannot store. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}${path ? '.' : ''}${i}`);
      if (hit !== null) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findNul(v, `${path}${path ? '.' : ''}${k}`);
      if (hit !== null) return hit;
    }
  }
  return null;
}

/** Refuses NUL characters anywhere in the input with a field-level 400, before any handler runs. */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [['', request.body], ['query', request.query], ['params', request.params]] as const) {
      const hit = findNul(value, where);
      if (hit !== null) throw Problem.field(hit || 'body', 'must not contain NUL characters');
    }
  });
}

/** A date PostgreSQL can store and a person could mean: years 1900 to 9999. */
export const dateParam = z.coerce
  .date({ message: 'must be a date (ISO 8601)' })
  .min(new Date('1900-01-01T00:00:00Z'), 'must be after 1900')
  .max(new Date('9999-12-31T23:59:59Z'), 'must be before the year 10000');
