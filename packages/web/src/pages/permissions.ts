import type { TFunction } from 'i18next';

/** A readable name for a permission; unknown ones (added later by the server) show their code. */
export function permissionLabel(t: TFunction, permission: string): string {
  return t(`permissions.${permission.replace(/[:.]/g, '_')}`, { defaultValue: permission });
}
