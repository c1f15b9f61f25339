import { LANGS, lang, setLang, t } from "../i18n";
import styles from "./LanguageSwitch.module.css";

/** VI / EN buttons; the choice is kept for the next visit (see i18n). */
export function LanguageSwitch() {
  const current = lang.value;
  return (
    <fieldset class={styles.switch}>
      <legend class="sr-only">{t("common.language")}</legend>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          class={styles.option}
          aria-pressed={current === l}
          lang={l}
          onClick={() => setLang(l)}
        >
          {l.toUpperCase()}
          <span class="sr-only"> – {t(l === "vi" ? "common.langName.vi" : "common.langName.en")}</span>
        </button>
      ))}
    </fieldset>
  );
}
