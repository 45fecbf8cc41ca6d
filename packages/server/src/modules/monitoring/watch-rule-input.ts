import { ENTITY_TYPES, SENSITIVE_CATEGORIES } from '@sigilo/pii';
import { z } from 'zod';
import { Problem } from '../../platform/http/problem.js';
import { regexRefusal } from './regex-safety.js';

export const MAX_TERMS_PER_RULE = 20_000;

export const watchRuleBody = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  description: z.string().trim().max(1000).default(''),
  kind: z.enum(['terms', 'regex', 'pii']),
  terms: z.array(z.string().trim().min(1, 'a term may not be empty').max(200, 'a term may have at most 200 characters')).max(MAX_TERMS_PER_RULE).default([]),
  pattern: z.string().max(1000).nullable().default(null),
  piiTypes: z.array(z.enum(ENTITY_TYPES)).default([]),
  sensitiveFlags: z.array(z.enum(SENSITIVE_CATEGORIES)).default([]),
  directions: z.array(z.enum(['inbound', 'outbound'])).default([]),
  channelTypes: z.array(z.enum(['webchat', 'whatsapp', 'email', 'voice', 'api'])).default([]),
  teams: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  enabled: z.boolean().default(true),
});
export type WatchRuleInput = z.output<typeof watchRuleBody>;

/** The checks zod cannot express: what each kind of rule needs, and pattern safety. */
export function checkWatchRule(input: WatchRuleInput): WatchRuleInput {
  if (input.kind === 'terms') {
    const terms = [...new Set(input.terms)];
    if (!terms.length) throw Problem.field('terms', 'a term rule needs at least one term');
    return { ...input, terms, pattern: null, piiTypes: [], sensitiveFlags: [] };
  }
  if (input.kind === 'regex') {
    const refusal = regexRefusal(input.pattern ?? '');
    if (refusal) throw Problem.field('pattern', refusal);
    return { ...input, terms: [], piiTypes: [], sensitiveFlags: [] };
  }
  if (!input.piiTypes.length && !input.sensitiveFlags.length) throw Problem.field('piiTypes', 'a PII trigger needs at least one entity type or sensitive category');
  return { ...input, terms: [], pattern: null };
}
