import type { TFunction } from 'i18next';
import type { Country } from '../../api/types';

/** A readable name for a PII entity type (BR_CPF → "CPF"); unknown ones show their code. */
export function piiTypeLabel(t: TFunction, type: string): string {
  return t(`pii.types.${type}`, { defaultValue: type });
}

export function piiTypeList(t: TFunction, types: readonly string[]): string {
  return [...new Set(types)].map((type) => piiTypeLabel(t, type)).join(', ');
}

export function sensitiveLabel(t: TFunction, flag: string): string {
  return t(`pii.sensitive.${flag}`, { defaultValue: flag });
}

/** Special categories are named by the law the organisation follows: LGPD Art. 11 in Brazil, GDPR Art. 9 in the EU. */
export function sensitiveLaw(t: TFunction, country: Country): string {
  return country === 'BR' ? t('pii.sensitiveLaw.lgpd') : t('pii.sensitiveLaw.gdpr');
}

export function channelLabel(t: TFunction, channelType: string): string {
  return t(`inbox.channels.${channelType}`, { defaultValue: channelType });
}

export function identityKindLabel(t: TFunction, kind: string): string {
  return t(`pii.identityKinds.${kind}`, { defaultValue: kind });
}
