import { compilePattern } from './compile-rules.js';

export const MAX_PATTERN_LENGTH = 500;

/**
 * Whether a watch-rule pattern may run inside ingest. Patterns run on RE2 (re2js), whose matching
 * time is linear in the message whatever the pattern, so the check at save time is that RE2
 * accepts it: back-references and look-around, which no linear-time engine can match, are
 * refused with the reason. Returns the reason it is refused, or null when it is accepted.
 */
export function regexRefusal(pattern: string): string | null {
  if (!pattern.trim()) return 'is required';
  if (pattern.length > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} characters`;
  if (/\\[1-9]|\\k</.test(pattern)) return 'may not use back-references: they cannot be matched in linear time';
  if (/\(\?<?[=!]/.test(pattern)) return 'may not use look-ahead or look-behind: they cannot be matched in linear time';
  try {
    compilePattern(pattern);
  } catch (err) {
    return `is not a valid pattern for the linear-time engine (${(err as Error).message.replace(/^error parsing regexp: /, '')})`;
  }
  // Patterns match folded text (lower case, no accents): an accented letter could never match.
  if (/\p{M}/u.test(pattern.normalize('NFD'))) return 'must be written without accents: messages are matched in lower case without accents';
  return null;
}
