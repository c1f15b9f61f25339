import "../../i18n/admin";
import "../../i18n/admin-surveys";
import { useLocation } from "preact-iso";
import type { SurveyTemplateGroup, SurveyVersionSummary } from "../../../schema/api/admin-surveys";
import { createSurveyDraft, listSurveyTemplates } from "../../api/admin-surveys";
import { ErrorNotice, Loading } from "../../components/Status";
import { pick, t } from "../../i18n";
import { formatDate, formatNumber } from "../../lib/format";
import { useResource } from "../../state/resource";
import { FormProblem, Saved, useForm } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import { AdminLayout } from "./AdminLayout";

export const SURVEYS_PATH = "/staff/quan-tri/phieu-khao-sat";

/** "Đã ban hành 22/11/2026", "Bản nháp" or "Ngừng sử dụng". */
export function versionStatus(v: Pick<SurveyVersionSummary, "status" | "publishedAt" | "active">): string {
  if (v.status === "draft") return t("surveys.status.draft");
  if (!v.active) return t("surveys.status.retired");
  return t("surveys.status.published", { date: v.publishedAt ? formatDate(v.publishedAt) : "" });
}

/** /staff/quan-tri/phieu-khao-sat: the agency's survey templates and their versions. */
export default function SurveyTemplatesPage() {
  const { query } = useLocation();
  const [state, retry] = useResource((signal) => listSurveyTemplates({ signal }), []);
  return (
    <AdminLayout title={t("surveys.title")}>
      {() => (
        <>
          {query.saved && <Saved>{query.saved}</Saved>}
          <p>{t("surveys.intro")}</p>
          <p class="muted">{t("surveys.sipasRule")}</p>
          {state.status === "loading" && <Loading />}
          {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
          {state.status === "ready" && state.data.templates.length === 0 && <p>{t("surveys.none")}</p>}
          {state.status === "ready" && state.data.templates.map((g) => <TemplateGroup key={g.code} group={g} />)}
        </>
      )}
    </AdminLayout>
  );
}

function TemplateGroup({ group }: { group: SurveyTemplateGroup }) {
  const { route } = useLocation();
  const form = useForm();
  const current = group.versions.find((v) => v.id === group.currentId) ?? group.versions[0];
  const draft = group.versions.find((v) => v.id === group.draftId);
  const headingId = `survey-${group.code}`;
  return (
    <section class={staffStyles.section} aria-labelledby={headingId} data-survey-code={group.code}>
      <h2 id={headingId} lang="vi">
        {pick(group.name.vi, group.name.en)}
      </h2>
      <p class="muted">
        {t(group.kind === "sipas" ? "surveys.kind.sipas" : "surveys.kind.quick")} ·{" "}
        <span class={staffStyles.mono}>{t("surveys.code", { code: group.code })}</span>
      </p>
      <form ref={form.formRef} onSubmit={(e) => e.preventDefault()}>
        <FormProblem form={form} />
        <div class={staffStyles.toolbar}>
          {draft ? (
            <a class="button" href={`${SURVEYS_PATH}/${draft.id}`}>
              {t("surveys.editDraft", { v: draft.version })}
            </a>
          ) : (
            current && (
              <button
                type="button"
                class="button"
                disabled={form.busy}
                onClick={() =>
                  void form.run(async () => {
                    const created = await createSurveyDraft(current.id);
                    route(`${SURVEYS_PATH}/${created.id}`);
                  })
                }
              >
                {t("surveys.newDraft", { v: current.version })}
              </button>
            )
          )}
        </div>
      </form>
      <div class={staffStyles.tableWrap}>
        <table class={staffStyles.table}>
          <caption class="sr-only">{t("surveys.versionsOf", { name: pick(group.name.vi, group.name.en) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("surveys.version")}</th>
              <th scope="col">{t("surveys.status")}</th>
              <th scope="col">{t("surveys.counters")}</th>
              <th scope="col">{t("surveys.submissions")}</th>
            </tr>
          </thead>
          <tbody>
            {group.versions.map((v) => (
              <tr key={v.id} data-version={v.version}>
                <td>
                  <a href={`${SURVEYS_PATH}/${v.id}`}>{t("surveys.versionN", { v: v.version })}</a>
                  {v.id === group.currentId && (
                    <>
                      {" "}
                      <span class={`${staffStyles.badge} ${staffStyles.badgeOn}`}>{t("surveys.status.current")}</span>
                    </>
                  )}
                </td>
                <td>{versionStatus(v)}</td>
                <td>
                  {v.counters.length === 0
                    ? t("surveys.noCounters")
                    : v.counters.map((c, i) => (
                        <span key={c.id}>
                          {i > 0 && ", "}
                          <a href={`/staff/quan-tri/quay/${c.id}`} lang="vi">
                            {c.name}
                          </a>
                        </span>
                      ))}
                </td>
                <td>{formatNumber(v.submissionCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
