import "../../i18n/admin";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { Procedure } from "../../../schema/api/admin";
import { listProcedures, listUnits } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { useResource } from "../../state/resource";
import { SelectField, TextField } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { Saved } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import { AdminLayout } from "./AdminLayout";
import { TIME_UNIT_KEYS } from "./labels";

/** "15 ngày làm việc", "Trong ngày". */
export function processingTimeText(p: Pick<Procedure, "processingTime" | "processingTimeUnit">): string {
  if (p.processingTimeUnit === "same_day") return t("admin.timeUnit.same_day");
  return `${formatNumber(p.processingTime)} ${t(TIME_UNIT_KEYS[p.processingTimeUnit]).toLowerCase()}`;
}

/** /staff/quan-tri/thu-tuc: the procedures (thủ tục hành chính) the agency handles. */
export default function ProceduresPage() {
  const { query, path, route } = useLocation();
  const [q, setQ] = useState(query.q ?? "");
  const [unitId, setUnitId] = useState(query.unitId ?? "");
  const [active, setActive] = useState(query.active ?? "");
  const [state, retry] = useResource(
    async (signal) => {
      const [{ procedures }, { units }] = await Promise.all([
        listProcedures({ q: query.q, unitId: query.unitId, active: query.active }, { signal }),
        listUnits({ signal }),
      ]);
      return { procedures, units };
    },
    [query.q, query.unitId, query.active],
  );
  const units = state.status === "ready" ? state.data.units : [];

  return (
    <AdminLayout title={t("admin.procedures.title")}>
      {() => (
        <>
          {query.saved && <Saved>{t("admin.savedItem", { name: query.saved })}</Saved>}
          <div class={staffStyles.toolbar}>
            <a class="button" href="/staff/quan-tri/thu-tuc/moi">
              {t("admin.procedures.add")}
            </a>
            <a class="button button-secondary" href="/staff/quan-tri/thu-tuc/nhap-csv">
              {t("admin.import.title")}
            </a>
          </div>
          <form
            class={staffStyles.filters}
            aria-label={t("admin.procedures.filter")}
            onSubmit={(e) => {
              e.preventDefault();
              const search = new URLSearchParams();
              if (q.trim()) search.set("q", q.trim());
              if (unitId) search.set("unitId", unitId);
              if (active) search.set("active", active);
              const text = search.toString();
              route(text ? `${path}?${text}` : path);
            }}
          >
            <TextField path="q" label={t("admin.procedures.search")} value={q} onInput={setQ} />
            <SelectField
              path="unitId"
              label={t("admin.procedures.unit")}
              value={unitId}
              onChange={setUnitId}
              options={[
                { value: "", label: t("admin.all") },
                ...units.map((u) => ({ value: u.id, label: u.name, lang: "vi" })),
              ]}
            />
            <SelectField
              path="active"
              label={t("admin.status")}
              value={active}
              onChange={setActive}
              options={[
                { value: "", label: t("admin.all") },
                { value: "true", label: t("admin.procedures.activeOnly") },
                { value: "false", label: t("admin.procedures.inactiveOnly") },
              ]}
            />
            <div class={formStyles.actions}>
              <button type="submit" class="button button-secondary">
                {t("admin.procedures.filterSubmit")}
              </button>
            </div>
          </form>
          {state.status === "loading" && <Loading />}
          {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
          {state.status === "ready" && (
            <>
              <p role="status">{t("admin.procedures.count", { n: state.data.procedures.length })}</p>
              <div class={staffStyles.tableWrap}>
                <table class={staffStyles.table}>
                  <caption class="sr-only">{t("admin.procedures.title")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("admin.procedures.nationalCode")}</th>
                      <th scope="col">{t("admin.procedures.name")}</th>
                      <th scope="col">{t("admin.procedures.field")}</th>
                      <th scope="col">{t("admin.procedures.time")}</th>
                      <th scope="col">{t("admin.procedures.unit")}</th>
                      <th scope="col">{t("admin.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.data.procedures.map((p) => (
                      <tr key={p.id}>
                        <td class={staffStyles.mono}>{p.nationalCode}</td>
                        <td>
                          <a href={`/staff/quan-tri/thu-tuc/${p.id}`} lang="vi">
                            {p.name}
                          </a>
                        </td>
                        <td lang="vi">{p.field}</td>
                        <td>{processingTimeText(p)}</td>
                        <td lang="vi">{state.data.units.find((u) => u.id === p.unitId)?.name ?? "—"}</td>
                        <td>{p.active ? t("admin.procedures.activeOnly") : t("admin.procedures.inactiveOnly")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </AdminLayout>
  );
}
