// The shell's strings are always needed; feature dictionaries are imported by their pages.
import "./common";

export { isLang, LANGS, type Lang, lang, type MessageKey, type MessageParams, pick, setLang, t } from "./i18n";
