/** Who did something, as the audit log records it. */
export type Actor =
  | { type: 'user'; id: string; label: string }
  | { type: 'token'; id: string; label: string }
  | { type: 'system'; label: string }
  | { type: 'anonymous' };

export const systemActor = (label: string): Actor => ({ type: 'system', label });
