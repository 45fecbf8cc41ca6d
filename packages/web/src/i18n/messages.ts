import type { en } from './locales/en';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** Every catalogue has exactly the keys of the English one. */
export type Messages = Shape<typeof en>;

/** The shape a feature catalogue's es/pt-BR file must have: the keys of its English file. */
export type FeatureMessages<T> = Shape<T>;
