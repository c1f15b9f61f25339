import type { ComponentChildren } from "preact";
import styles from "./Form.module.css";

/**
 * Form fields of the staff and admin pages: a visible label, an optional hint, and the error
 * next to the field, all three named by aria-describedby; an error sets aria-invalid (the
 * form's submit focuses the first such field). 44 px targets; no native validation bubbles
 * (forms are `noValidate`: the API's messages are shown in the page's language instead).
 */

/** The element id of a field, from the API's error path ("leaders.0.phone" → "f-leaders-0-phone"). */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^0-9A-Za-z_-]+/g, "-")}`;
}

interface Common {
  /** The API's path of the field (`name`, `leaders.0.phone`): gives the id and finds its error. */
  path: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  required?: boolean;
  /** Mark content in Vietnamese (names from the API) when the page is read in English. */
  lang?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Frame({ path, label, hint, error, required, children }: Common & { children: ComponentChildren }) {
  const id = fieldId(path);
  return (
    <div class={`${styles.field} ${error ? styles.invalid : ""}`}>
      <label for={id} class={styles.label}>
        {label}
        {required && (
          <span class={styles.required} aria-hidden="true">
            {" "}
            *
          </span>
        )}
      </label>
      {hint && (
        <p id={`${id}-hint`} class={styles.hint}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class={styles.error}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

export function TextField(
  props: Common & {
    value: string;
    onInput: (value: string) => void;
    type?: "text" | "email" | "tel" | "url" | "password" | "number";
    autoComplete?: string;
    inputMode?: "text" | "tel" | "email" | "numeric" | "decimal" | "url";
    maxLength?: number;
    readOnly?: boolean;
    step?: string;
    min?: string;
    max?: string;
    spellcheck?: boolean;
    autoCapitalize?: "none" | "off" | "on" | "sentences" | "words" | "characters";
    class?: string;
  },
) {
  const id = fieldId(props.path);
  return (
    <Frame {...props}>
      <input
        id={id}
        name={props.path}
        class={`${styles.input} ${props.class ?? ""}`}
        // One element for several types; preact types each input type separately.
        type={(props.type ?? "text") as "text"}
        value={props.value}
        aria-required={props.required ? true : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        readOnly={props.readOnly}
        step={props.step}
        min={props.min}
        max={props.max}
        spellcheck={props.spellcheck}
        autoCapitalize={props.autoCapitalize}
        lang={props.lang}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Frame>
  );
}

export function TextArea(
  props: Common & { value: string; onInput: (value: string) => void; rows?: number; maxLength?: number },
) {
  const id = fieldId(props.path);
  return (
    <Frame {...props}>
      <textarea
        id={id}
        name={props.path}
        class={styles.input}
        rows={props.rows ?? 3}
        value={props.value}
        aria-required={props.required ? true : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        maxLength={props.maxLength}
        lang={props.lang}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Frame>
  );
}

export interface Option {
  value: string;
  label: string;
  lang?: string;
}

export function SelectField(
  props: Common & { value: string; onChange: (value: string) => void; options: readonly Option[] },
) {
  const id = fieldId(props.path);
  return (
    <Frame {...props}>
      <select
        id={id}
        name={props.path}
        class={styles.input}
        value={props.value}
        aria-required={props.required ? true : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export function Checkbox(props: {
  path: string;
  label: ComponentChildren;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  hint?: ComponentChildren;
  lang?: string;
}) {
  const id = fieldId(props.path);
  return (
    <div class={`${styles.check} ${props.error ? styles.invalid : ""}`}>
      {props.error && (
        <p id={`${id}-error`} class={styles.error}>
          {props.error}
        </p>
      )}
      <label class={styles.checkLabel}>
        <input
          id={id}
          name={props.path}
          type="checkbox"
          checked={props.checked}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy(id, props.hint, props.error)}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />
        <span lang={props.lang}>{props.label}</span>
      </label>
      {props.hint && (
        <p id={`${id}-hint`} class={styles.hint}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** A group of checkboxes (units of an account) with its legend and one error for the group. */
export function CheckboxGroup(props: {
  path: string;
  legend: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  options: readonly Option[];
  values: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const id = fieldId(props.path);
  return (
    <fieldset
      class={`${styles.group} ${props.error ? styles.invalid : ""}`}
      aria-describedby={describedBy(id, props.hint, props.error)}
    >
      <legend class={styles.label}>{props.legend}</legend>
      {props.hint && (
        <p id={`${id}-hint`} class={styles.hint}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${id}-error`} class={styles.error}>
          {props.error}
        </p>
      )}
      <div class={styles.groupOptions}>
        {props.options.map((o, i) => (
          <label key={o.value} class={styles.checkLabel}>
            <input
              // The first box carries the group's id: focusing "the field" lands here.
              id={i === 0 ? id : undefined}
              type="checkbox"
              name={props.path}
              value={o.value}
              checked={props.values.includes(o.value)}
              aria-invalid={props.error ? true : undefined}
              onChange={(e) =>
                props.onChange(
                  e.currentTarget.checked ? [...props.values, o.value] : props.values.filter((v) => v !== o.value),
                )
              }
            />
            <span lang={o.lang}>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
