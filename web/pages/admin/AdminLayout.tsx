import "../../i18n/admin";
import "../../i18n/admin-calendar";
import "../../i18n/admin-surveys";
import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import type { Me } from "../../../schema/api/accounts";
import { type MessageKey, t } from "../../i18n";
import staffStyles from "../staff/Staff.module.css";
import { StaffLayout } from "../staff/StaffLayout";

/** The administration's sections (/staff/quan-tri/...). */
export const ADMIN_SECTIONS: ReadonlyArray<{ href: string; key: MessageKey; about: MessageKey }> = [
  { href: "/staff/quan-tri/co-quan", key: "admin.nav.agency", about: "admin.nav.agency.about" },
  { href: "/staff/quan-tri/don-vi", key: "admin.nav.units", about: "admin.nav.units.about" },
  { href: "/staff/quan-tri/quay", key: "admin.nav.counters", about: "admin.nav.counters.about" },
  { href: "/staff/quan-tri/thu-tuc", key: "admin.nav.procedures", about: "admin.nav.procedures.about" },
  { href: "/staff/quan-tri/phieu-khao-sat", key: "surveys.nav", about: "surveys.nav.about" },
  { href: "/staff/quan-tri/phan-luong", key: "routing.nav", about: "routing.nav.about" },
  { href: "/staff/quan-tri/lich-nghi", key: "adminCalendar.nav.calendar", about: "adminCalendar.nav.calendar.about" },
  { href: "/staff/quan-tri/thoi-han", key: "adminCalendar.nav.rules", about: "adminCalendar.nav.rules.about" },
  { href: "/staff/quan-tri/tai-khoan", key: "admin.nav.accounts", about: "admin.nav.accounts.about" },
  { href: "/staff/quan-tri/nhat-ky", key: "admin.nav.audit", about: "admin.nav.audit.about" },
];

function AdminNav() {
  const { path } = useLocation();
  return (
    <nav class={staffStyles.subnav} aria-label={t("admin.nav.label")}>
      <ul>
        <li>
          <a href="/staff/quan-tri" aria-current={path === "/staff/quan-tri" ? "page" : undefined}>
            {t("admin.nav.home")}
          </a>
        </li>
        {ADMIN_SECTIONS.map((s) => (
          <li key={s.href}>
            <a href={s.href} aria-current={path === s.href || path.startsWith(`${s.href}/`) ? "page" : undefined}>
              {t(s.key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** An administration page: the staff shell, for the agency admin only, with the sections' navigation. */
export function AdminLayout({ title, children }: { title: string; children: (me: Me) => ComponentChildren }) {
  return (
    <StaffLayout title={title} roles={["admin"]} subnav={<AdminNav />}>
      {children}
    </StaffLayout>
  );
}
