export { detect, detectLang, RECOGNIZERS } from './detect.js';
export { ENTITY_TYPES, SENSITIVE_CATEGORIES } from './types.js';
export type { Entity, EntityType, SensitiveCategory, SensitiveFlag, Lang, DetectOptions } from './types.js';
export { analyze, type Analysis } from './analyze.js';
export { detectSensitive, sensitiveCategories } from './sensitive.js';
export {
  mask,
  partialMask,
  DEFAULT_MASK_OPERATORS,
  DEFAULT_MASK_POLICY,
  PLACEHOLDERS,
  type MaskOperator,
  type MaskPolicy,
  type TokenVault,
} from './mask.js';
export { runScan, type ScanOptions } from './cli/scan.js';
