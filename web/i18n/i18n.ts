import { effect, signal } from "@preact/signals";

/**
 * The one translation mechanism of the web app.
 *
 * - Each feature keeps its strings in `web/i18n/<feature>.ts`, built with `defineMessages`
 *   (Vietnamese first; the English object must have exactly the same keys) and registered
 *   in `MessageRegistry` by declaration merging, so `t()` knows every key at compile time
 *   and nobody edits a shared list.
 * - A dictionary ships in the chunk of the code that imports it: a page imports its own
 *   dictionary file (`import "../../i18n/counter";`), so citizen pages never download the
 *   staff area's strings. `common` is always loaded (web/i18n/index.ts).
 * - Keys carry their feature as prefix (`counter.title`); a key defined twice with different
 *   text does not compile (MessageRegistry cannot extend both).
 */

export const LANGS = ["vi", "en"] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return value === "vi" || value === "en";
}

// biome-ignore lint/suspicious/noEmptyInterface: every dictionary file extends it (declaration merging)
export interface MessageRegistry {}

export type MessageKey = keyof MessageRegistry & string;

/** Values for `{name}` placeholders; numbers are written in the current language's style. */
export type MessageParams = Record<string, string | number>;

export interface Dictionary<V extends Record<string, string>> {
  vi: V;
  en: { [K in keyof V]: string };
}

const catalogue: Record<Lang, Map<string, string>> = { vi: new Map(), en: new Map() };

/**
 * Declares and registers a feature's strings. Type-checked: `en` must have exactly the keys
 * of `vi` (a missing or extra key is a compile error).
 */
export function defineMessages<const V extends Record<string, string>>(dictionary: {
  vi: V;
  en: NoInfer<{ [K in keyof V]: string }>;
}): Dictionary<V> {
  for (const l of LANGS) {
    for (const [key, text] of Object.entries(dictionary[l])) {
      const existing = catalogue[l].get(key);
      if (existing !== undefined && existing !== text) console.error(`i18n: "${key}" is defined twice`);
      catalogue[l].set(key, text);
    }
  }
  return dictionary;
}

const STORAGE_KEY = "hailong.lang";

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, policy): the language still works per page
  }
}

/** `?lang=` first (a link or a QR may carry it), then the last choice, then Vietnamese. */
function initialLang(): Lang {
  const fromQuery = new URLSearchParams(location.search).get("lang");
  if (isLang(fromQuery)) return fromQuery;
  const stored = readStored();
  return isLang(stored) ? stored : "vi";
}

/** The language the person reads the app in; components that call `t()` follow it. */
export const lang = signal<Lang>(initialLang());

effect(() => {
  const current = lang.value;
  document.documentElement.lang = current;
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // not persisted; nothing else to do
  }
});

/** Switches the language; keeps a `?lang=` in the address in step so a reload agrees. */
export function setLang(next: Lang): void {
  lang.value = next;
  const url = new URL(location.href);
  if (url.searchParams.has("lang")) {
    url.searchParams.set("lang", next);
    history.replaceState(history.state, "", url);
  }
}

const numberFormats: Partial<Record<Lang, Intl.NumberFormat>> = {};

function formatParam(value: string | number, l: Lang): string {
  if (typeof value === "string") return value;
  numberFormats[l] ??= new Intl.NumberFormat(l === "vi" ? "vi-VN" : "en-GB");
  return numberFormats[l].format(value);
}

/** The text of `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: MessageParams): string {
  const l = lang.value;
  const template = catalogue[l].get(key) ?? catalogue.vi.get(key);
  if (template === undefined) {
    console.error(`i18n: no message "${key}"; import its dictionary where it is used`);
    return key;
  }
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) {
      console.error(`i18n: "${key}" needs the parameter "${name}"`);
      return whole;
    }
    return formatParam(value, l);
  });
}

/** Picks the current language's variant of a value the API sends in both (`name` / `nameEn`). */
export function pick(vi: string, en: string | null | undefined): string {
  return lang.value === "en" && en ? en : vi;
}
