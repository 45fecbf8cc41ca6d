import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { es } from './locales/es';
import { ptBR } from './locales/pt-BR';

export const LANGUAGES = [
  { code: 'pt-BR', label: 'Português (Brasil)' },
  { code: 'es', label: 'Español' },
  { code: 'en', label: 'English' },
] as const;

/**
 * Feature catalogues: `features/<feature>/{en,es,pt-BR}.ts`, each with a default export, merged
 * under the key `<feature>` (so `t('consent.title')`). Modules add their strings there instead of
 * growing the shared catalogues; `features/<feature>/es.ts` and `pt-BR.ts` are typed
 * `FeatureMessages<typeof en>` so a missing key fails the type check.
 */
const featureModules = import.meta.glob<{ default: Record<string, unknown> }>('./features/*/*.ts', { eager: true });
function featureCatalogue(lang: 'en' | 'es' | 'pt-BR'): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [path, module] of Object.entries(featureModules)) {
    const match = /\.\/features\/([^/]+)\/([^/]+)\.ts$/.exec(path);
    if (match && match[2] === lang) merged[match[1]!] = module.default;
  }
  return merged;
}

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const LANGUAGE_STORAGE_KEY = 'sigilo.language';

/** Map any browser tag onto the three catalogues (pt-PT reads pt-BR, es-MX reads es). */
export function currentLanguage(tag: string | undefined): LanguageCode {
  const lower = (tag ?? '').toLowerCase();
  if (lower.startsWith('pt')) return 'pt-BR';
  if (lower.startsWith('es')) return 'es';
  return 'en';
}

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: {
      en: { translation: { ...en, ...featureCatalogue('en') } },
      'pt-BR': { translation: { ...ptBR, ...featureCatalogue('pt-BR') } },
      es: { translation: { ...es, ...featureCatalogue('es') } },
    },
    supportedLngs: ['pt-BR', 'es', 'en'],
    fallbackLng: 'en',
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
      convertDetectedLanguage: (lng: string) => currentLanguage(lng),
    },
  });

function syncDocumentLanguage(lng: string) {
  document.documentElement.lang = currentLanguage(lng);
}
syncDocumentLanguage(i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

export default i18n;
