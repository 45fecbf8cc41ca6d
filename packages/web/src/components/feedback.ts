import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** A sentence for the user: the server's problem detail when it has one, otherwise a generic message by status. */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.kind === 'ip-not-allowed') return t('errors.ipNotAllowed');
    if (err.status === 429) return t('errors.tooManyRequests');
    if (err.problem.detail) return err.problem.detail;
    if (err.status === 403) return t('errors.forbidden');
    if (err.status === 404) return t('errors.notFound');
    if (err.status >= 500) return t('errors.server');
    if (err.problem.title) return err.problem.title;
    return t('errors.generic');
  }
  if (err instanceof TypeError) return t('errors.network');
  return t('errors.generic');
}

export function notifyError(t: TFunction, err: unknown, title?: string): void {
  notifications.show({ color: 'red', title: title ?? t('errors.title'), message: errorMessage(t, err), autoClose: 8000 });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 4000 });
}

/** Field errors from a 4xx problem, for the fields the form knows; anything else goes to `form`. */
export function formErrors<K extends string>(t: TFunction, err: unknown, fields: readonly K[]): Partial<Record<K | 'form', string>> {
  const out: Partial<Record<K | 'form', string>> = {};
  if (err instanceof ApiError) {
    const byField = err.fieldErrors();
    const unplaced: string[] = [];
    for (const [field, message] of Object.entries(byField)) {
      if ((fields as readonly string[]).includes(field)) out[field as K] = message;
      else unplaced.push(message);
    }
    if (unplaced.length > 0) out.form = unplaced.join(' ');
    else if (Object.keys(byField).length === 0) out.form = errorMessage(t, err);
    return out;
  }
  out.form = errorMessage(t, err);
  return out;
}
