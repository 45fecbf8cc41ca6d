import { ENTITY_TYPES, type EntityType } from '@sigilo/pii';

/** What agents see of each entity type: the placeholder, the last digits, or the value. */
export type MaskChoice = 'mask' | 'partial' | 'show';

/** Safe defaults: identifiers partially visible (enough to confirm with the customer), the rest masked. */
export const defaultMaskingPolicy: Record<EntityType, MaskChoice> = {
  EMAIL: 'mask',
  PHONE: 'partial',
  CREDIT_CARD: 'partial',
  IBAN: 'partial',
  IP_ADDRESS: 'mask',
  BR_CPF: 'partial',
  BR_CNPJ: 'show', // a company's registration number is public data
  BR_CEP: 'show',
  BR_CNH: 'partial',
  BR_PIX_KEY: 'mask',
  ES_DNI: 'partial',
  ES_NIE: 'partial',
  PT_NIF: 'partial',
  DATE_OF_BIRTH: 'mask',
  PASSWORD: 'mask',
  PERSON: 'show',
  ADDRESS: 'mask',
};

/** Choices no organisation may loosen: card numbers and credentials never appear in full. */
const ceilings: Partial<Record<EntityType, MaskChoice>> = { CREDIT_CARD: 'partial', PASSWORD: 'mask' };
const order: MaskChoice[] = ['mask', 'partial', 'show'];

export function effectiveMaskingPolicy(overrides: Record<string, string> | undefined): Record<EntityType, MaskChoice> {
  const policy = { ...defaultMaskingPolicy };
  for (const type of ENTITY_TYPES) {
    const wanted = overrides?.[type];
    if (wanted !== 'mask' && wanted !== 'partial' && wanted !== 'show') continue;
    const ceiling = ceilings[type];
    policy[type] = ceiling && order.indexOf(wanted) > order.indexOf(ceiling) ? ceiling : wanted;
  }
  return policy;
}
