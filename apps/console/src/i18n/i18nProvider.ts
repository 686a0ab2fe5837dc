import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'react-admin';
import { en } from './en';
import { zhCN } from './zh-CN';
import { session } from '../session';

export const LOCALES = [
  { locale: 'en', name: 'English' },
  { locale: 'zh-CN', name: '简体中文' },
] as const;
export type Locale = (typeof LOCALES)[number]['locale'];

export function normaliseLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const v = value.toLowerCase();
  if (v === 'zh' || v.startsWith('zh-') || v.startsWith('zh_')) return 'zh-CN';
  if (v === 'en' || v.startsWith('en-') || v.startsWith('en_')) return 'en';
  return null;
}

/** The remembered choice, else the browser's language, else English. */
export function initialLocale(): Locale {
  const stored = normaliseLocale(session.getLocale());
  if (stored) return stored;
  const nav = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  for (const l of nav) {
    const n = normaliseLocale(l);
    if (n) return n;
  }
  return 'en';
}

export function messagesFor(locale: string): TranslationMessages {
  return (normaliseLocale(locale) === 'zh-CN' ? zhCN : en) as unknown as TranslationMessages;
}

export const i18nProvider = polyglotI18nProvider(messagesFor, initialLocale(), [...LOCALES], { allowMissing: true });
