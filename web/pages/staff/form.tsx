import type { ComponentChildren, RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem } from "../../api/errors";
import { describeError } from "../../components/Status";
import { type MessageKey, t } from "../../i18n";
import { fieldId } from "./Field";
import styles from "./Form.module.css";

/**
 * What a staff form needs around its submit: busy state, the API's problem, per-field errors
 * (the problem's `errors[]`, in the current language, plus checks made in the page), and
 * focus on the first field in error (or on the problem when no field is to blame).
 */
export interface FormState {
  formRef: RefObject<HTMLFormElement | null>;
  busy: boolean;
  problem: unknown;
  /** Field path → message, in the current language. */
  errors: Record<string, string>;
  /**
   * Runs `action` (the API call and what follows) unless `local` names errors found in the
   * page; a thrown problem is kept and shown.
   */
  run(action: () => Promise<void>, local?: Record<string, MessageKey>): Promise<void>;
  reset(): void;
}

export function useForm(): FormState {
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [local, setLocal] = useState<Record<string, MessageKey>>({});
  const [focusTick, setFocusTick] = useState(0);

  useEffect(() => {
    if (focusTick === 0 || !formRef.current) return;
    const form = formRef.current;
    const target =
      form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.querySelector<HTMLElement>("[data-form-problem]");
    target?.focus();
  }, [focusTick]);

  const errors: Record<string, string> = problem instanceof ApiProblem ? problem.fieldErrors() : {};
  for (const [path, key] of Object.entries(local)) errors[path] ??= t(key);

  return {
    formRef,
    busy,
    problem,
    errors,
    async run(action, localErrors) {
      if (busy) return;
      if (localErrors && Object.keys(localErrors).length > 0) {
        setProblem(null);
        setLocal(localErrors);
        setFocusTick((n) => n + 1);
        return;
      }
      setBusy(true);
      setProblem(null);
      setLocal({});
      try {
        await action();
      } catch (error) {
        setProblem(error);
        setFocusTick((n) => n + 1);
      } finally {
        setBusy(false);
      }
    },
    reset() {
      setProblem(null);
      setLocal({});
    },
  };
}

/**
 * The form's problem above its fields: for a validation problem, a summary linking to each
 * field in error (fields not on the page are listed in full); otherwise the problem itself.
 */
export function FormProblem({ form, known }: { form: FormState; known?: readonly string[] }) {
  const { problem, errors } = form;
  const paths = Object.keys(errors);
  if (!problem && paths.length === 0) return null;
  const isValidation = paths.length > 0;
  const { title, detail } = isValidation
    ? { title: t("staff.form.fixErrors"), detail: undefined }
    : describeError(problem);
  const onPage = (path: string) => !known || known.some((k) => path === k || path.startsWith(`${k}.`));
  return (
    <div class={styles.problem} role="alert" tabIndex={-1} data-form-problem>
      <p class={styles.problemTitle}>{title}</p>
      {detail && <p>{detail}</p>}
      {isValidation && (
        <ul>
          {paths.map((path) => (
            <li key={path}>
              {onPage(path) ? <a href={`#${fieldId(path)}`}>{errors[path]}</a> : `${path}: ${errors[path]}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A polite confirmation after a change ("Đã lưu"). */
export function Saved({ children }: { children: ComponentChildren }) {
  return (
    <p class={styles.saved} role="status">
      {children}
    </p>
  );
}

/**
 * A button that asks for a second click before an action that cannot be undone (reset a
 * password, end sessions): the question and the two answers appear in place, keyboard first.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  danger,
  disabled,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  danger?: boolean;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    // Focus follows the question: to "confirm" when asked, back to the button after.
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        class={`button button-secondary ${danger ? styles.danger : ""}`}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span class={styles.confirm}>
      <span class={styles.confirmQuestion}>{question}</span>
      <button
        ref={confirmRef}
        type="button"
        class={`button ${danger ? styles.dangerSolid : ""}`}
        onClick={async () => {
          setAsking(false);
          await onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="button button-secondary" onClick={() => setAsking(false)}>
        {t("staff.form.cancel")}
      </button>
    </span>
  );
}
