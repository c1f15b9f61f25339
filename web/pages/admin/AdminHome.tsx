import "../../i18n/admin";
import { t } from "../../i18n";
import staffStyles from "../staff/Staff.module.css";
import { ADMIN_SECTIONS, AdminLayout } from "./AdminLayout";

/** /staff/quan-tri: the administration's sections. */
export default function AdminHome() {
  return (
    <AdminLayout title={t("admin.home.title")}>
      {() => (
        <>
          <p>{t("admin.home.intro")}</p>
          <ul class={staffStyles.tiles}>
            {ADMIN_SECTIONS.map((s) => (
              <li key={s.href}>
                <a href={s.href}>
                  <span class={staffStyles.tileTitle}>{t(s.key)}</span>
                  <span>{t(s.about)}</span>
                </a>
              </li>
            ))}
          </ul>
          <p class="muted">{t("admin.home.elsewhere")}</p>
        </>
      )}
    </AdminLayout>
  );
}
