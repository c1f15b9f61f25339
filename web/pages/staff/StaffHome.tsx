import "../../i18n/staff";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { areasFor, ROLE_KEYS } from "./nav";
import styles from "./Staff.module.css";
import { StaffLayout } from "./StaffLayout";

/** /staff: who is signed in, and the areas their role may use. */
export default function StaffHome() {
  return (
    <StaffLayout title={t("staff.home.title")}>
      {(me) => (
        <>
          <p>{t("staff.home.greeting", { name: me.staff.fullName, role: t(ROLE_KEYS[me.staff.role]) })}</p>
          {me.totpRecommended && (
            <div class={styles.notice}>
              <p>{t("staff.home.totpRecommended")}</p>
              <p>
                <a href="/staff/tai-khoan#totp">{t("staff.account.totp.enable")}</a>
              </p>
            </div>
          )}
          <ul class={styles.tiles}>
            {areasFor(me.staff.role)
              .filter((a) => a.href !== "/staff")
              .map((a) => (
                <li key={a.href}>
                  <a href={a.href}>
                    <span class={styles.tileTitle}>{t(a.key)}</span>
                    <span>{t(a.about)}</span>
                  </a>
                </li>
              ))}
          </ul>
          <p class="muted">{t("staff.home.sessionUntil", { time: formatDateTime(me.session.idleExpiresAt) })}</p>
        </>
      )}
    </StaffLayout>
  );
}
