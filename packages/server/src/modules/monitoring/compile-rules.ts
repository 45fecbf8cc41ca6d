import AhoCorasick from 'modern-ahocorasick';
import { RE2JS } from 're2js';
import type { Severity } from '../../platform/db/schema.js';
import { foldText, isWholeWord } from './fold-text.js';

/** A watch rule as the engine needs it (the stored row without bookkeeping). */
export interface WatchRule {
  id: string;
  name: string;
  kind: 'terms' | 'regex' | 'pii';
  terms: string[];
  pattern: string | null;
  piiTypes: string[];
  sensitiveFlags: string[];
  directions: string[];
  channelTypes: string[];
  teams: string[];
  severity: Severity;
}

/** What a rule is tried on: masked text and facts, never an original. */
export interface RuleInput {
  bodyMasked: string;
  direction: 'inbound' | 'outbound';
  channelType: string;
  piiTypes: readonly string[];
  sensitiveFlags: readonly string[];
}

export interface RuleHit {
  rule: WatchRule;
  /** Rule terms that matched, entity types or flags that triggered it; never the message's words. */
  matched: string[];
}

export const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];
export const severityRank = (s: string) => SEVERITIES.indexOf(s as Severity);

/**
 * An organisation's enabled rules compiled once: every term of every term rule in one
 * Aho-Corasick automaton over folded text (lower case, no accents), whole words only; patterns
 * compiled with RE2 (linear time whatever the pattern and the message); PII triggers as set
 * look-ups. `evaluate` costs one pass of the automaton plus one RE2 pass per pattern.
 */
export class CompiledRules {
  readonly termCount: number;
  private readonly automaton: AhoCorasick<number[]> | null;
  private readonly regexes: Array<{ rule: WatchRule; re: RE2JS }>;
  private readonly piiRules: WatchRule[];
  private readonly termRules: WatchRule[];

  constructor(readonly rules: WatchRule[]) {
    this.termRules = rules.filter((r) => r.kind === 'terms');
    // One automaton entry per distinct folded term, naming every rule that lists it.
    const owners = new Map<string, number[]>();
    this.termRules.forEach((rule, index) => {
      for (const term of rule.terms) {
        const folded = foldText(term).trim();
        if (!folded) continue;
        const list = owners.get(folded) ?? [];
        if (!list.includes(index)) list.push(index);
        owners.set(folded, list);
      }
    });
    this.termCount = owners.size;
    this.automaton = owners.size ? new AhoCorasick([...owners].map(([pattern, data]) => ({ pattern, data }))) : null;
    this.regexes = rules.filter((r) => r.kind === 'regex' && r.pattern).map((rule) => ({ rule, re: compilePattern(rule.pattern!) }));
    this.piiRules = rules.filter((r) => r.kind === 'pii');
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** The rules a message trips, before the team filter (which needs the conversation). */
  evaluate(input: RuleInput): RuleHit[] {
    const applies = (rule: WatchRule) =>
      (!rule.directions.length || rule.directions.includes(input.direction)) && (!rule.channelTypes.length || rule.channelTypes.includes(input.channelType));
    const hits: RuleHit[] = [];
    const needsText = this.automaton || this.regexes.length;
    const folded = needsText ? foldText(input.bodyMasked) : '';

    if (this.automaton) {
      const matched = new Map<number, Set<string>>();
      for (const m of this.automaton.search(folded)) {
        if (!isWholeWord(folded, m.start, m.end)) continue;
        for (const index of m.data!) {
          if (!applies(this.termRules[index]!)) continue;
          const set = matched.get(index) ?? new Set<string>();
          set.add(m.pattern);
          matched.set(index, set);
        }
      }
      for (const [index, terms] of matched) hits.push({ rule: this.termRules[index]!, matched: [...terms] });
    }
    for (const { rule, re } of this.regexes) {
      if (applies(rule) && re.test(folded)) hits.push({ rule, matched: [] });
    }
    for (const rule of this.piiRules) {
      if (!applies(rule)) continue;
      const matched = [...rule.piiTypes.filter((t) => input.piiTypes.includes(t)), ...rule.sensitiveFlags.filter((f) => input.sensitiveFlags.includes(f))];
      if (matched.length) hits.push({ rule, matched });
    }
    return hits;
  }
}

/** Patterns run on folded text, case-insensitively, with RE2 semantics. */
export function compilePattern(pattern: string): RE2JS {
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
}
