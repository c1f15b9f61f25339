import type { ComponentChildren } from "preact";
import type { Text } from "../../../schema/api/ratings";
import { lang, t } from "../../i18n";
import styles from "./RateForm.module.css";

/**
 * The building blocks of the rating form: survey text in the reader's language, a scale
 * question (one radio per level, large targets), an optional single choice, and a text field.
 * Every group is a fieldset with a legend; an error is read with its group or field
 * (aria-describedby) and the field is what receives focus.
 */

/** Survey wording in the current language; Vietnamese (marked lang="vi") when no English exists. */
export function Localized({ text }: { text: Text }) {
  const english = lang.value === "en";
  if (english && text.en) return <>{text.en}</>;
  return english ? <span lang="vi">{text.vi}</span> : <>{text.vi}</>;
}

export function plain(text: Text): string {
  return lang.value === "en" && text.en ? text.en : text.vi;
}

export interface ScaleOption {
  score: number;
  label: Text;
}

/** The DOM id of a form field (`c:e1c1` → `rate-c-e1c1`). */
export function domId(field: string): string {
  return `rate-${field.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} class={styles.fieldError}>
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

export function ScaleQuestion({
  field,
  number,
  question,
  options,
  value,
  onChange,
  optional,
  error,
  layout,
}: {
  field: string;
  number?: string;
  question: Text;
  options: readonly ScaleOption[];
  value: number | null | undefined;
  onChange: (score: number | null) => void;
  optional?: boolean;
  error?: string;
  layout: "row" | "column";
}) {
  const id = domId(field);
  return (
    <fieldset
      class={`${styles.question} ${error ? styles.invalid : ""}`}
      id={id}
      data-field={field}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend class={styles.legend}>
        {number && <span class={styles.number}>{number}. </span>}
        <Localized text={question} />
        {optional && <span class={styles.optional}> {t("rate.optional")}</span>}
      </legend>
      <FieldError id={`${id}-error`} message={error} />
      <div class={layout === "row" ? styles.optionsRow : styles.optionsColumn}>
        {options.map((o) => (
          <label key={o.score} class={`${styles.option} ${value === o.score ? styles.selected : ""}`}>
            <input
              type="radio"
              name={id}
              value={String(o.score)}
              checked={value === o.score}
              onChange={() => onChange(o.score)}
            />
            <span>
              <Localized text={o.label} />
            </span>
          </label>
        ))}
      </div>
      {optional && value != null && (
        <button
          type="button"
          class={`button button-secondary ${styles.clear}`}
          aria-label={t("rate.clearFor", { question: plain(question) })}
          onClick={() => onChange(null)}
        >
          {t("rate.clear")}
        </button>
      )}
    </fieldset>
  );
}

/** An optional single choice (respondent questions): skippable, and clearable once chosen. */
export function ChoiceQuestion<V extends string>({
  field,
  legend,
  choices,
  value,
  onChange,
}: {
  field: string;
  legend: string;
  choices: ReadonlyArray<{ value: V; label: Text }>;
  value: V | null;
  onChange: (value: V | null) => void;
}) {
  const id = domId(field);
  return (
    <fieldset class={styles.question} id={id} data-field={field}>
      <legend class={styles.legend}>
        {legend} <span class={styles.optional}>{t("rate.optional")}</span>
      </legend>
      <div class={styles.optionsWrap}>
        {choices.map((c) => (
          <label key={c.value} class={`${styles.option} ${value === c.value ? styles.selected : ""}`}>
            <input
              type="radio"
              name={id}
              value={c.value}
              checked={value === c.value}
              onChange={() => onChange(c.value)}
            />
            <span>
              <Localized text={c.label} />
            </span>
          </label>
        ))}
      </div>
      {value !== null && (
        <button
          type="button"
          class={`button button-secondary ${styles.clear}`}
          aria-label={t("rate.clearFor", { question: legend })}
          onClick={() => onChange(null)}
        >
          {t("rate.clear")}
        </button>
      )}
    </fieldset>
  );
}

/** A labelled text area or input with its hint and error. */
export function TextField({
  field,
  label,
  hint,
  value,
  onInput,
  error,
  multiline,
  required,
  maxLength,
  children,
}: {
  field: string;
  label: ComponentChildren;
  hint?: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  multiline?: boolean;
  required?: boolean;
  maxLength: number;
  children?: ComponentChildren;
}) {
  const id = domId(field);
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    "data-field": field,
    value,
    maxLength,
    required,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": describedBy,
    // Nothing a citizen types here may stay in the browser's form history (shared kiosks).
    autocomplete: "off",
    class: `${styles.input} ${error ? styles.inputInvalid : ""}`,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
  };
  return (
    <div class={styles.textField}>
      <label for={id} class={styles.label}>
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} class={styles.hint}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {children}
    </div>
  );
}
