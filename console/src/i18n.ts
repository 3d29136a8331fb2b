import { useEffect, useState } from 'preact/hooks';
import { en } from './i18n/en';
import { ru } from './i18n/ru';
import { vocabularyEn, vocabularyRu } from './i18n/vocabulary';

export type Key = keyof typeof ru;
export type Language = 'ru' | 'en';

const dictionaries: Record<Language, Record<Key, string>> = { ru, en };
let current: Language = 'ru';
const listeners = new Set<() => void>();

export function language(): Language {
  return current;
}

/** Russian first; the switch lasts for the page's life (nothing is kept in storage). */
export function setLanguage(next: Language): void {
  current = next;
  document.documentElement.lang = next;
  document.title = dictionaries[next]['app.title'];
  for (const listener of listeners) listener();
}

/** A text by key, `{name}` placeholders filled from `values`. */
export function t(key: Key, values: Record<string, string | number> = {}): string {
  return dictionaries[current][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(values[name] ?? ''),
  );
}

/** An API value (category, purpose, status…) in the current language. */
export function label(value: string | null | undefined): string {
  if (!value) return '—';
  return (current === 'ru' ? vocabularyRu : vocabularyEn)[value] ?? value;
}

export function labels(values: readonly string[]): string {
  return values.map(label).join(', ');
}

/** Whether the dictionary has a text for an error code the server answered. */
export function knows(key: string): key is Key {
  return key in ru;
}

const plurals: Record<Language, Intl.PluralRules> = {
  ru: new Intl.PluralRules('ru'),
  en: new Intl.PluralRules('en'),
};

/** "2 рабочих дня осталось" / "2 working days left": the plural form from `{key}.{form}`. */
export function plural(base: string, count: number): string {
  const form = plurals[current].select(count);
  const key = `${base}.${form}`;
  return knows(key) ? t(key, { n: count }) : t(`${base}.other` as Key, { n: count });
}

/** Re-renders the calling component when the language changes. */
export function useLanguage(): Language {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = (): void => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return current;
}
