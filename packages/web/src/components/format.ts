import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/pt-br';
import 'dayjs/locale/es';

// customParseFormat lets DateInput read typed dates in the locale's order (DD/MM/YYYY in pt-BR and es).
dayjs.extend(customParseFormat);
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
