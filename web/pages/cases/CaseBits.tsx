import "../../i18n/cases";
import type { CaseKind, CaseStatus, Due } from "../../../schema/api/cases";
import { type MessageKey, t } from "../../i18n";
import styles from "./CaseBits.module.css";

/** Small pieces the citizen's and the staff's case pages share: labels and badges. */

/** dd/mm/yyyy of a yyyy-mm-dd date (no time zone involved). */
export function formatIsoDate(date: string): string {
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
}

export function kindLabel(kind: CaseKind): string {
  return t(`cases.kind.${kind}` as MessageKey);
}

export function statusLabel(status: CaseStatus): string {
  return t(`cases.status.${status}` as MessageKey);
}

/** The label of a timeline action; unknown actions show as they are. */
export function actionLabel(action: string): string {
  const key = `cases.action.${action}` as MessageKey;
  const text = t(key);
  return text === key ? action : text;
}

export function stepLabel(step: string | null): string {
  if (!step) return t("cases.step.unknown");
  const key = `cases.step.${step}` as MessageKey;
  const text = t(key);
  return text === key ? step : text;
}

const STATUS_TONE: Record<CaseStatus, string> = {
  received: "info",
  accepted: "info",
  assigned: "info",
  in_progress: "info",
  answered: "good",
  published: "good",
  closed: "neutral",
  rejected: "neutral",
  forwarded: "neutral",
};

export function StatusBadge({ status }: { status: CaseStatus }) {
  return <span class={`${styles.badge} ${styles[STATUS_TONE[status]]}`}>{statusLabel(status)}</span>;
}

export function KindBadge({ kind }: { kind: CaseKind }) {
  return <span class={`${styles.badge} ${styles.kind}`}>{kindLabel(kind)}</span>;
}

/** The deadline of the current step as a badge: overdue, due soon, paused or just the date. */
export function DueBadge({ due }: { due: Due | null }) {
  if (!due) return <span class={`${styles.badge} ${styles.neutral}`}>{t("cases.due.none")}</span>;
  const date = formatIsoDate(due.dueOn);
  const text =
    due.state === "overdue"
      ? t("cases.due.overdue", { date })
      : due.state === "soon"
        ? t("cases.due.soon", { date })
        : due.state === "paused"
          ? t("cases.due.paused")
          : t("cases.due.on", { date });
  const tone = due.state === "overdue" ? styles.danger : due.state === "soon" ? styles.warning : styles.info;
  return (
    <span class={`${styles.badge} ${tone}`} data-due-state={due.state}>
      {text}
    </span>
  );
}
