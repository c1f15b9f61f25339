import "../../i18n/dashboard";
import { useState } from "preact/hooks";
import type { Action, ActionCreate } from "../../../schema/api/dashboard";
import { createAction, getActions, updateAction } from "../../api/dashboard";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { useResource } from "../../state/resource";
import styles from "./Dashboard.module.css";
import { DashboardNav } from "./DashboardNav";
import { SignInNotice } from "./DashboardPage";
import { isoToVi, localToday, shiftDays } from "./format";

const FILTERS = ["active", "done", "all"] as const;
const STATUSES = ["open", "in_progress", "done", "cancelled"] as const;

/**
 * Corrective actions (/staff/dashboard/actions): the list (open and overdue first) and a form;
 * `?criterionId=` or `?followUpId=&unitId=` start the form from a low-rated criterion or a rating.
 */
export default function ActionsPage() {
  useDocumentTitle(t("actions.title"));
  const params = new URLSearchParams(location.search);
  const criterionId = params.get("criterionId") ?? undefined;
  const followUpId = params.get("followUpId") ?? undefined;
  const initial = params.get("status");
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>(
    FILTERS.includes(initial as never) ? (initial as "all") : "active",
  );
  const [list, retry] = useResource((signal) => getActions({ status: filter }, { signal }), [filter]);
  const [error, setError] = useState<unknown>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const body: ActionCreate = {
      unitId: String(form.get("unitId")),
      title: String(form.get("title")),
      description: String(form.get("description") ?? "") || undefined,
      source: criterionId ? "criterion" : followUpId ? "follow_up" : "other",
      criterionId,
      followUpId,
      ownerId: String(form.get("ownerId") ?? "") || undefined,
      dueOn: String(form.get("dueOn")),
    };
    try {
      await createAction(body);
      setError(null);
      formElement.reset();
      history.replaceState(history.state, "", "/staff/dashboard/actions");
      retry();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div class={styles.wide}>
      <h1>{t("actions.title")}</h1>
      <DashboardNav current="/staff/dashboard/actions" />
      <p>{t("actions.intro")}</p>
      {list.status === "loading" && <Loading />}
      {list.status === "error" && <SignInNotice error={list.error} onRetry={retry} />}
      {list.status === "ready" && (
        <>
          <section aria-labelledby="new-action" class={styles.section}>
            <h2 id="new-action">{t("actions.new")}</h2>
            {criterionId && <p class="muted">{t("actions.fromCriterion")}</p>}
            {followUpId && <p class="muted">{t("actions.source.follow_up")}</p>}
            <form class={styles.form} onSubmit={create}>
              <label>
                {t("actions.field.unit")}
                <select name="unitId" required value={params.get("unitId") ?? undefined}>
                  {list.data.units.map((u) => (
                    <option key={u.id} value={u.id} lang="vi">
                      {u.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("actions.field.title")}
                <input name="title" required minLength={3} maxLength={300} />
              </label>
              <label>
                {t("actions.field.description")}
                <textarea name="description" maxLength={4000} />
              </label>
              <div class={styles.inline}>
                <label>
                  {t("actions.field.owner")}
                  <select name="ownerId">
                    <option value="">{t("actions.field.noOwner")}</option>
                    {list.data.owners.map((o) => (
                      <option key={o.id} value={o.id} lang="vi">
                        {o.fullName}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t("actions.field.dueOn")}
                  <input type="date" name="dueOn" required value={shiftDays(localToday(), 30)} />
                </label>
              </div>
              {error !== null && <ErrorNotice error={error} />}
              <div>
                <button type="submit" class="button">
                  {t("actions.create")}
                </button>
              </div>
            </form>
          </section>
          <div class={styles.filters}>
            <label>
              {t("actions.filter")}
              <select value={filter} onChange={(e) => setFilter(e.currentTarget.value as (typeof FILTERS)[number])}>
                {FILTERS.map((f) => (
                  <option key={f} value={f}>
                    {t(`actions.filter.${f}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {list.data.items.length === 0 ? (
            <p class="muted">{t("actions.empty")}</p>
          ) : (
            <ul class={styles.list}>
              {list.data.items.map((a) => (
                <ActionItem key={a.id} action={a} onSaved={retry} />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

function ActionItem({ action, onSaved }: { action: Action; onSaved: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const evidence = String(form.get("evidence") ?? "").trim();
    try {
      await updateAction(action.id, {
        status: String(form.get("status")) as Action["status"],
        evidence: evidence || null,
      });
      setError(null);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const statusId = `status-${action.id}`;
  const evidenceId = `evidence-${action.id}`;
  return (
    <li class={styles.item} data-action-item>
      <h3 lang="vi">{action.title}</h3>
      <p>
        <span lang="vi">{action.unit.name}</span>
        {action.owner && (
          <>
            {" · "}
            <span lang="vi">{action.owner.fullName}</span>
          </>
        )}
        {" · "}
        {t("actions.due", { date: isoToVi(action.dueOn) })}
        {action.overdue && (
          <>
            {" · "}
            <strong class={styles.overdue}>{t("actions.overdue")}</strong>
          </>
        )}
      </p>
      {action.criterion && (
        <p class="muted" lang="vi">
          {t("actions.source.criterion", { code: action.criterion.code, text: action.criterion.text })}
        </p>
      )}
      {action.description && <p lang="vi">{action.description}</p>}
      <form class={styles.inline} onSubmit={save}>
        <label class={styles.field} for={statusId}>
          {t("actions.field.status")}
          <select id={statusId} name="status" value={action.status}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`actions.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label class={styles.field} for={evidenceId}>
          {t("actions.field.evidence")}
          <textarea id={evidenceId} name="evidence" maxLength={4000} value={action.evidence ?? ""} />
        </label>
        <button type="submit" class="button button-secondary">
          {t("actions.save")}
        </button>
      </form>
      {error !== null && <ErrorNotice error={error} />}
    </li>
  );
}
