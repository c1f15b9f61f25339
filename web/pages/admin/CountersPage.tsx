import "../../i18n/admin";
import { useLocation } from "preact-iso";
import { listCounters, listUnits } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { pick, t } from "../../i18n";
import { useResource } from "../../state/resource";
import { Saved } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import { AdminLayout } from "./AdminLayout";
import { surveysInUse } from "./surveys";

/** /staff/quan-tri/quay: counters (quầy), their survey and their QR posters. */
export default function CountersPage() {
  const { query } = useLocation();
  const [state, retry] = useResource(async (signal) => {
    const [{ counters }, { units }] = await Promise.all([listCounters({ signal }), listUnits({ signal })]);
    return { counters, units, surveys: await surveysInUse(counters, signal) };
  }, []);
  return (
    <AdminLayout title={t("admin.counters.title")}>
      {() => (
        <>
          {query.saved && <Saved>{t("admin.savedItem", { name: query.saved })}</Saved>}
          <p>{t("admin.counters.intro")}</p>
          <div class={staffStyles.toolbar}>
            <a class="button" href="/staff/quan-tri/quay/moi">
              {t("admin.counters.add")}
            </a>
          </div>
          {state.status === "loading" && <Loading />}
          {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
          {state.status === "ready" && (
            <div class={staffStyles.tableWrap}>
              <table class={staffStyles.table} data-counters>
                <caption class="sr-only">{t("admin.counters.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.code")}</th>
                    <th scope="col">{t("admin.counters.name")}</th>
                    <th scope="col">{t("admin.counters.unit")}</th>
                    <th scope="col">{t("admin.counters.survey")}</th>
                    <th scope="col">{t("admin.counters.link")}</th>
                    <th scope="col">{t("admin.status")}</th>
                    <th scope="col">{t("admin.counters.poster")}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.counters.map((c) => {
                    const survey = state.data.surveys.find((s) => s.id === c.surveyTemplateId);
                    return (
                      <tr key={c.id} data-counter={c.publicCode}>
                        <td class={staffStyles.mono}>{c.code}</td>
                        <td>
                          <a href={`/staff/quan-tri/quay/${c.id}`} lang="vi">
                            {c.name}
                          </a>
                          {c.location && (
                            <>
                              <br />
                              <span class="muted" lang="vi">
                                {c.location}
                              </span>
                            </>
                          )}
                        </td>
                        <td lang="vi">{state.data.units.find((u) => u.id === c.unitId)?.name ?? "—"}</td>
                        <td>
                          {survey
                            ? pick(survey.name.vi, survey.name.en)
                            : c.surveyTemplateId
                              ? t("admin.counters.surveyUnknown")
                              : t("admin.counters.noSurvey")}
                        </td>
                        <td class={staffStyles.mono}>
                          <a href={`/q/${c.publicCode}`}>/q/{c.publicCode}</a>
                        </td>
                        <td>{c.active ? t("admin.active") : t("admin.inactive")}</td>
                        <td>
                          <a href={`/staff/quan-tri/quay/${c.id}/ma-qr`} data-poster-link>
                            {t("admin.counters.printPoster")}
                            <span class="sr-only" lang="vi">
                              {" "}
                              {c.name}
                            </span>
                          </a>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </AdminLayout>
  );
}
