import type { ComponentChildren } from "preact";
import { ApiOfflineError, ApiProblem } from "../api/errors";
import { t } from "../i18n";
import styles from "./Status.module.css";

/** A polite live region while data loads. */
export function Loading({ label }: { label?: string }) {
  return (
    <p class={styles.loading} role="status" aria-live="polite">
      <span class={styles.spinner} aria-hidden="true" />
      {label ?? t("common.loading")}
    </p>
  );
}

/** The title and explanation of any error, in the current language. */
export function describeError(error: unknown): { title: string; detail?: string; reference?: string } {
  if (error instanceof ApiProblem) {
    return { title: error.title(), detail: error.detail(), reference: error.problem.requestId };
  }
  if (error instanceof ApiOfflineError) {
    return { title: t("common.error.offline.title"), detail: t("common.error.offline.detail") };
  }
  return { title: t("common.error.unexpected.title"), detail: t("common.error.unexpected.detail") };
}

/** An error the person can act on: what happened, and a retry when it may help. */
export function ErrorNotice({
  error,
  onRetry,
  children,
}: {
  error: unknown;
  onRetry?: () => void;
  children?: ComponentChildren;
}) {
  const { title, detail, reference } = describeError(error);
  return (
    <div class={styles.error} role="alert">
      <h2 class={styles.errorTitle}>{title}</h2>
      {detail && <p>{detail}</p>}
      {reference && <p class={styles.reference}>{t("common.error.reference", { id: reference })}</p>}
      {children}
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}
