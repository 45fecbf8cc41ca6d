import { detectLang } from '@sigilo/pii';
import { effectiveMaskingPolicy } from '../conversations/masking-policy.js';
import { protectText } from '../conversations/protect-text.js';
import { CompiledRules } from './compile-rules.js';
import { checkWatchRule, type WatchRuleInput } from './watch-rule-input.js';

/**
 * The rules editor's test box: the sample text goes through the same masking as a real message
 * (so the rule is tried on what it would really see) and the rule is evaluated on it. Nothing is
 * stored or logged.
 */
export function testWatchRule(input: { rule: WatchRuleInput; text: string; direction: 'inbound' | 'outbound'; channelType: string; maskingPolicy: Record<string, string> }) {
  const rule = checkWatchRule(input.rule);
  const protectedText = protectText(input.text, { lang: input.text.length >= 12 ? detectLang(input.text) : undefined, policy: effectiveMaskingPolicy(input.maskingPolicy) });
  const compiled = new CompiledRules([{ id: 'test', name: rule.name, kind: rule.kind, terms: rule.terms, pattern: rule.pattern, piiTypes: rule.piiTypes, sensitiveFlags: rule.sensitiveFlags, directions: rule.directions, channelTypes: rule.channelTypes, teams: [], severity: rule.severity }]);
  const [hit] = compiled.evaluate({ bodyMasked: protectedText.masked, direction: input.direction, channelType: input.channelType, piiTypes: protectedText.piiTypes, sensitiveFlags: protectedText.sensitive });
  return { matches: !!hit, matched: hit?.matched ?? [], masked: protectedText.masked, piiTypes: protectedText.piiTypes, sensitiveFlags: protectedText.sensitive };
}
