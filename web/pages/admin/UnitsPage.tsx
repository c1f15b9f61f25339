import "../../i18n/admin";
import { useLocation } from "preact-iso";
import { listUnits } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useResource } from "../../state/resource";
import { Saved } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import { AdminLayout } from "./AdminLayout";
import { UNIT_KIND_KEYS } from "./labels";

/** /staff/quan-tri/don-vi: the agency's units (phòng, chi cục, trung tâm, bộ phận một cửa). */
export default function UnitsPage() {
  const { query } = useLocation();
  const [state, retry] = useResource((signal) => listUnits({ signal }), []);
  return (
    <AdminLayout title={t("admin.units.title")}>
      {() => (
        <>
          {query.saved && <Saved>{t("admin.savedItem", { name: query.saved })}</Saved>}
          <div class={staffStyles.toolbar}>
            <a class="button" href="/staff/quan-tri/don-vi/moi">
              {t("admin.units.add")}
            </a>
          </div>
          {state.status === "loading" && <Loading />}
          {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
          {state.status === "ready" && (
            <div class={staffStyles.tableWrap}>
              <table class={staffStyles.table}>
                <caption class="sr-only">{t("admin.units.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.code")}</th>
                    <th scope="col">{t("admin.units.name")}</th>
                    <th scope="col">{t("admin.units.kind")}</th>
                    <th scope="col">{t("admin.units.parent")}</th>
                    <th scope="col">{t("admin.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.units.map((u) => (
                    <tr key={u.id}>
                      <td class={staffStyles.mono}>{u.code}</td>
                      <td>
                        <a href={`/staff/quan-tri/don-vi/${u.id}`} lang="vi">
                          {u.name}
                        </a>
                      </td>
                      <td>{t(UNIT_KIND_KEYS[u.kind])}</td>
                      <td lang="vi">{state.data.units.find((p) => p.id === u.parentId)?.name ?? "—"}</td>
                      <td>{u.active ? t("admin.active") : t("admin.inactive")}</td>
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
