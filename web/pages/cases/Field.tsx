import type { ComponentChildren } from "preact";
import styles from "./Form.module.css";

/**
 * Form fields with their label, hint and error wired for assistive technology: the hint and
 * the error are named by aria-describedby, the error sets aria-invalid.
 */

interface Common {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  required?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Frame({ id, label, hint, error, children }: Common & { children: ComponentChildren }) {
  return (
    <div class={`${styles.field} ${error ? styles.invalid : ""}`}>
      <label for={id} class={styles.label}>
        {label}
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
    type?: "text" | "email" | "tel" | "date";
    autoComplete?: string;
    inputMode?: "text" | "tel" | "email" | "numeric";
    maxLength?: number;
  },
) {
  return (
    <Frame {...props}>
      <input
        id={props.id}
        name={props.id}
        class={styles.input}
        // One element for several types; preact types each input type separately.
        type={(props.type ?? "text") as "text"}
        value={props.value}
        required={props.required}
        aria-required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Frame>
  );
}

export function TextArea(
  props: Common & { value: string; onInput: (value: string) => void; rows?: number; maxLength?: number },
) {
  return (
    <Frame {...props}>
      <textarea
        id={props.id}
        name={props.id}
        class={styles.input}
        rows={props.rows ?? 6}
        value={props.value}
        required={props.required}
        aria-required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        maxLength={props.maxLength}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Frame>
  );
}

export function SelectField(
  props: Common & {
    value: string;
    onChange: (value: string) => void;
    options: ReadonlyArray<{ value: string; label: string; lang?: string }>;
  },
) {
  return (
    <Frame {...props}>
      <select
        id={props.id}
        name={props.id}
        class={styles.input}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
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
  id: string;
  label: ComponentChildren;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  describedBy?: string;
}) {
  return (
    <div class={`${styles.check} ${props.error ? styles.invalid : ""}`}>
      {props.error && (
        <p id={`${props.id}-error`} class={styles.error}>
          {props.error}
        </p>
      )}
      <label class={styles.checkLabel}>
        <input
          id={props.id}
          name={props.id}
          type="checkbox"
          checked={props.checked}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={
            [props.describedBy, props.error ? `${props.id}-error` : ""].filter(Boolean).join(" ") || undefined
          }
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />
        <span>{props.label}</span>
      </label>
    </div>
  );
}
