import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/pt-br';
import 'dayjs/locale/es';

dayjs.extend(localizedFormat);
dayjs.extend(relativeTime);

export function dayjsLocale(language: string): string {
  if (language.toLowerCase().startsWith('pt')) return 'pt-br';
  if (language.toLowerCase().startsWith('es')) return 'es';
  return 'en';
}

export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  return dayjs(value).locale(dayjsLocale(language)).format('L LTS');
}

export function formatDate(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  return dayjs(value).locale(dayjsLocale(language)).format('L');
}

export function fromNow(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  return dayjs(value).locale(dayjsLocale(language)).fromNow();
}
