import type { ScanContext } from '../context.js';
import type { Candidate, EntityType } from '../types.js';

/**
 * One recognizer per entity family. It reads the shared tokenization in `ctx` (never re-scans
 * the whole text with its own regex) and appends candidates; the resolver picks the winners.
 */
export interface Recognizer {
  readonly name: string;
  readonly types: readonly EntityType[];
  recognize(ctx: ScanContext, out: Candidate[]): void;
}
