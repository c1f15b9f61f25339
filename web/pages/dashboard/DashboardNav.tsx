import { t } from "../../i18n";
import styles from "./Dashboard.module.css";

const LINKS = [
  { href: "/staff/dashboard", key: "dashboard.nav.overview" },
  { href: "/staff/dashboard/follow-ups", key: "dashboard.nav.followUps" },
  { href: "/staff/dashboard/actions", key: "dashboard.nav.actions" },
  { href: "/staff/dashboard/report", key: "dashboard.nav.report" },
] as const;

/** The dashboard's sections; the current one is marked for screen readers too. */
export function DashboardNav({ current, agencyCode }: { current: string; agencyCode?: string }) {
  return (
    <nav class={styles.nav} aria-label={t("dashboard.nav.label")}>
      <ul>
        {LINKS.map((l) => (
          <li key={l.href}>
            <a href={l.href} aria-current={l.href === current ? "page" : undefined}>
              {t(l.key)}
            </a>
          </li>
        ))}
        {agencyCode && (
          <li>
            <a href={`/cong-khai/${encodeURIComponent(agencyCode)}`}>{t("dashboard.nav.transparency")}</a>
          </li>
        )}
      </ul>
    </nav>
  );
}
