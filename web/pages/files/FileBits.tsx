import type { FileSummary } from "../../../schema/api/files";
import { ApiProblem } from "../../api/errors";
import { ErrorNotice } from "../../components/Status";
import { type MessageKey, t } from "../../i18n";
import styles from "./Files.module.css";

const LINKS = [
  { href: "/staff/files", key: "files.nav.list" },
  { href: "/staff/files/new", key: "files.nav.new" },
  { href: "/staff/files/import", key: "files.nav.import" },
  { href: "/staff/files/alerts", key: "files.nav.alerts" },
] as const;

/** The files area's sections; the current one is marked for screen readers too. */
export function FilesNav({ current }: { current?: string }) {
  return (
    <nav class={styles.nav} aria-label={t("files.nav.label")}>
      <ul>
        {LINKS.map((l) => (
          <li key={l.href}>
            <a href={l.href} aria-current={l.href === current ? "page" : undefined}>
              {t(l.key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A 401 means "not signed in": say so and point to the sign-in page instead of an error. */
export function FilesError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiProblem && error.problem.status === 401) {
    return (
      <div class="card" role="alert">
        <p>{t("files.signIn")}</p>
        <a class="button" href="/staff">
          {t("files.signInLink")}
        </a>
      </div>
    );
  }
  return <ErrorNotice error={error} onRetry={onRetry} />;
}

/** How a file stands against its appointment, as coloured words (never colour alone). */
export function TimelinessBadge({ file }: { file: Pick<FileSummary, "timeliness"> }) {
  const tl = file.timeliness;
  const badges: Array<{ key: MessageKey; tone: "good" | "warn" | "bad" | "info" }> = [];
  if (tl.outcome === "late" && !tl.finished) badges.push({ key: "files.badge.overdue", tone: "bad" });
  else if (tl.outcome === "late") badges.push({ key: "files.outcome.late", tone: "bad" });
  else if (tl.outcome === "early") badges.push({ key: "files.outcome.early", tone: "good" });
  else if (tl.outcome === "on_time") badges.push({ key: "files.outcome.on_time", tone: "good" });
  else if (tl.dueSoon) badges.push({ key: "files.badge.dueSoon", tone: "warn" });
  else badges.push({ key: "files.outcome.pending", tone: "info" });
  if (tl.awaitingSupplement) badges.push({ key: "files.badge.waiting", tone: "info" });
  if (tl.supplementCount > 1) badges.push({ key: "files.badge.twice", tone: "bad" });
  return (
    <span class={styles.badges}>
      {badges.map((b) => (
        <span key={b.key} class={`${styles.badge} ${styles[b.tone]}`} data-outcome={tl.outcome}>
          {t(b.key)}
        </span>
      ))}
    </span>
  );
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The value of a datetime-local input showing `iso` in Vietnam time ("2026-11-20T09:05"). */
export function toVietnamInput(iso: string | Date): string {
  const d = new Date((typeof iso === "string" ? Date.parse(iso) : iso.getTime()) + VIETNAM_OFFSET_MS);
  return d.toISOString().slice(0, 16);
}

/** An instant from a datetime-local value read as Vietnam time. */
export function fromVietnamInput(value: string): string {
  return new Date(`${value}:00+07:00`).toISOString();
}
