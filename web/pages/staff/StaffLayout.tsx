import "../../i18n/staff";
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { Me, StaffRoleName } from "../../../schema/api/accounts";
import { navigate, STAFF_CHANGE_PASSWORD_PATH, STAFF_SIGN_IN_PATH } from "../../api/client";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { hasRole, loadSession, signOut, useSession } from "../../state/session";
import { areasFor, currentArea, ROLE_KEYS } from "./nav";
import styles from "./Staff.module.css";

/**
 * The frame of every staff page (inside the app's Shell): the agency, who is signed in and
 * with which role, sign-out, and the areas this role may use. It loads the session, sends a
 * person who must change their password to that page first, and refuses a page whose
 * `roles` do not include the person's (the API refuses too; this only says so kindly).
 * Other areas (cases, files, dashboard) may wrap their pages in it as well.
 */
export function StaffLayout({
  title,
  roles,
  subnav,
  passwordChangePage = false,
  children,
}: {
  title: string;
  roles?: readonly StaffRoleName[];
  /** The area's own sections, under the staff navigation. */
  subnav?: ComponentChildren;
  /** The password change page itself: shown (without navigation) while a change is due. */
  passwordChangePage?: boolean;
  children: (me: Me) => ComponentChildren;
}) {
  useDocumentTitle(title);
  const state = useSession();
  const { url } = useLocation();
  const mustChange = state.status === "signed-in" && state.me.mustChangePassword;

  useEffect(() => {
    if (mustChange && !passwordChangePage) {
      navigate(`${STAFF_CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(url)}`, true);
    }
  }, [mustChange, passwordChangePage, url]);

  if (state.status === "unknown" || state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorNotice error={state.error} onRetry={() => void loadSession(true)} />;
  if (state.status === "signed-out") {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title">{t("staff.signedOut.title")}</h1>
        <p>{t("staff.signedOut.body")}</p>
        <a class="button" href={`${STAFF_SIGN_IN_PATH}?next=${encodeURIComponent(url)}`}>
          {t("staff.signIn.submit")}
        </a>
      </section>
    );
  }
  const { me } = state;
  if (mustChange && !passwordChangePage) return <Loading />;
  const allowed = !roles || hasRole(me, roles);
  return (
    <div class={styles.wide} data-staff-shell>
      <StaffBar me={me} showNav={!mustChange} />
      {subnav && allowed && !mustChange && subnav}
      <section aria-labelledby="page-title" class={styles.content}>
        <h1 id="page-title">{title}</h1>
        {allowed ? (
          children(me)
        ) : (
          <div class="card" role="alert">
            <p>{t("staff.forbidden", { role: t(ROLE_KEYS[me.staff.role]) })}</p>
            <a class="button button-secondary" href="/staff">
              {t("staff.backToHome")}
            </a>
          </div>
        )}
      </section>
    </div>
  );
}

/** Agency, person, role, sign-out, and the areas of this role. */
function StaffBar({ me, showNav }: { me: Me; showNav: boolean }) {
  const { path } = useLocation();
  const [error, setError] = useState<unknown>(null);
  const current = currentArea(path);
  return (
    <div class={styles.bar}>
      <div class={styles.identity}>
        <p class={styles.agency} lang="vi" data-staff-agency>
          {me.staff.agency.name}
        </p>
        <p class={styles.person}>
          <span lang="vi" data-staff-name>
            {me.staff.fullName}
          </span>
          <span class={styles.role} data-staff-role>
            {t(ROLE_KEYS[me.staff.role])}
          </span>
        </p>
        <button
          type="button"
          class={`button button-secondary ${styles.signOut}`}
          onClick={async () => {
            setError(null);
            try {
              await signOut();
              navigate(`${STAFF_SIGN_IN_PATH}?signedOut=1`, true);
            } catch (e) {
              setError(e);
            }
          }}
        >
          {t("staff.signOut")}
        </button>
      </div>
      {error !== null && <ErrorNotice error={error} />}
      {showNav && (
        <nav class={styles.nav} aria-label={t("staff.nav.label")}>
          <ul>
            {areasFor(me.staff.role).map((a) => (
              <li key={a.href}>
                <a href={a.href} aria-current={a.href === current ? "page" : undefined} data-nav={a.href}>
                  {t(a.key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}
