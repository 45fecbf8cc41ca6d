import { detect } from './detect.js';
import { detectSensitive, sensitiveCategories } from './sensitive.js';
import type { DetectOptions, Entity, SensitiveCategory, SensitiveFlag } from './types.js';

export interface Analysis {
  entities: Entity[];
  /** Special-category hits with their spans. */
  flags: SensitiveFlag[];
  /** Distinct special categories in the message. */
  categories: SensitiveCategory[];
}

/** detect() plus the special-category flags, in one call. */
export function analyze(text: string, options: DetectOptions = {}): Analysis {
  const entities = detect(text, options);
  const flags = detectSensitive(text);
  return { entities, flags, categories: sensitiveCategories(flags) };
}
