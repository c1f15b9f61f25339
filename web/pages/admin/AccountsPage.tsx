import "../../i18n/admin";
import { useLocation } from "preact-iso";
import { listAccounts, listUnits } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { Saved } from "../staff/form";
import { ROLE_KEYS } from "../staff/nav";
import staffStyles from "../staff/Staff.module.css";
import { AdminLayout } from "./AdminLayout";

/** /staff/quan-tri/tai-khoan: the agency's staff accounts. */
export default function AccountsPage() {
  const { query } = useLocation();
  const [state, retry] = useResource(async (signal) => {
    const [{ accounts }, { units }] = await Promise.all([listAccounts({ signal }), listUnits({ signal })]);
    return { accounts, units };
  }, []);
  return (
    <AdminLayout title={t("admin.accounts.title")}>
      {() => (
        <>
          {query.saved && <Saved>{t("admin.savedItem", { name: query.saved })}</Saved>}
          <div class={staffStyles.toolbar}>
            <a class="button" href="/staff/quan-tri/tai-khoan/moi">
              {t("admin.accounts.add")}
            </a>
          </div>
          {state.status === "loading" && <Loading />}
          {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
          {state.status === "ready" && (
            <div class={staffStyles.tableWrap}>
              <table class={staffStyles.table} data-accounts>
                <caption class="sr-only">{t("admin.accounts.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.accounts.fullName")}</th>
                    <th scope="col">{t("staff.signIn.username")}</th>
                    <th scope="col">{t("admin.accounts.role")}</th>
                    <th scope="col">{t("admin.accounts.units")}</th>
                    <th scope="col">{t("admin.status")}</th>
                    <th scope="col">{t("admin.accounts.totp")}</th>
                    <th scope="col">{t("admin.accounts.lastSignIn")}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.accounts.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <a href={`/staff/quan-tri/tai-khoan/${a.id}`} lang="vi">
                          {a.fullName}
                        </a>
                      </td>
                      <td class={staffStyles.mono}>{a.username}</td>
                      <td>{t(ROLE_KEYS[a.role])}</td>
                      <td lang="vi">
                        {state.data.units
                          .filter((u) => a.unitIds.includes(u.id))
                          .map((u) => u.name)
                          .join("; ") || "—"}
                      </td>
                      <td>
                        {a.active ? t("admin.active") : t("admin.accounts.disabled")}
                        {a.active && a.mustChangePassword && (
                          <>
                            <br />
                            <span class="muted">{t("admin.accounts.mustChange")}</span>
                          </>
                        )}
                      </td>
                      <td>{a.totpEnabled ? t("staff.account.totp.on") : t("staff.account.totp.off")}</td>
                      <td>{a.lastSignInAt ? formatDateTime(a.lastSignInAt) : t("admin.accounts.never")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </AdminLayout>
  );
}
