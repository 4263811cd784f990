/**
 * Tiny i18n: Vietnamese first, English second. Core strings live in vi.json/en.json; a feature adds
 * its own with registerMessages() from its own file, so features never edit one shared file.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import en from './en.json';
import vi from './vi.json';

export type Lang = 'vi' | 'en';
type Dict = Record<string, string>;
/** A core message key (features add their own, prefixed, through registerMessages). */
export type MessageKey = keyof typeof vi;

// Compile-time check: both core files have exactly the same keys.
const _enHasAll: Record<MessageKey, string> = en;
const _viHasAll: Record<keyof typeof en, string> = vi;
void _enHasAll;
void _viHasAll;

const dictionaries: Record<Lang, Dict> = { vi: { ...vi }, en: { ...en } };

/** Adds a feature's strings; keys should be prefixed with the feature name, e.g. "alerts.title". */
export function registerMessages(messages: { vi: Dict; en: Dict }) {
  Object.assign(dictionaries.vi, messages.vi);
  Object.assign(dictionaries.en, messages.en);
}

const STORAGE_KEY = 'yte.lang';
const initialLang = (): Lang => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi');

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey | (string & {}), vars?: Record<string, string | number>) => string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang; // screen readers and hyphenation follow the UI language
  }, [lang]);
  const t = useCallback(
    (key: string, vars?: Record<string, string | number>) => {
      let s = dictionaries[lang][key] ?? dictionaries.vi[key] ?? key;
      if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
      return s;
    },
    [lang],
  );
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
