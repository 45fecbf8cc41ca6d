export { detect, detectLang, RECOGNIZERS } from './detect.js';
export { ENTITY_TYPES, SENSITIVE_CATEGORIES } from './types.js';
export type { Entity, EntityType, SensitiveCategory, SensitiveFlag, Lang, DetectOptions } from './types.js';
