import "../../i18n/cases";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { CaseKind, CaseStatus } from "../../../schema/api/cases";
import { getCaseQueue, getCasesMeta, type QueueParams } from "../../api/cases";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate } from "../../lib/format";
import { useResource } from "../../state/resource";
import { DueBadge, KindBadge, kindLabel, StatusBadge, statusLabel } from "./CaseBits";
import styles from "./Cases.module.css";
import { Checkbox, SelectField, TextField } from "./Field";
import form from "./Form.module.css";
import { StaffGate } from "./StaffGate";

const KINDS: CaseKind[] = ["petition", "complaint", "denunciation"];
const STATUSES: CaseStatus[] = [
  "received",
  "accepted",
  "assigned",
  "in_progress",
  "answered",
  "published",
  "closed",
  "rejected",
  "forwarded",
];
const FILTERS = ["kind", "status", "unitId", "due", "mine", "q"] as const;

/** /staff/cases — the inspectorate's queue: filters, overdue and due-soon counts, one card per case. */
export default function QueuePage() {
  useDocumentTitle(t("cases.queue.title"));
  return <StaffGate>{() => <Queue />}</StaffGate>;
}

function Queue() {
  const { query, route } = useLocation();
  const params: QueueParams = {};
  for (const key of FILTERS) if (query[key]) params[key] = query[key];
  const key = JSON.stringify(params);
  const [state, retry] = useResource((signal) => getCaseQueue(params, { signal }), [key]);
  const [meta] = useResource((signal) => getCasesMeta({ signal }), []);
  const [draft, setDraft] = useState<QueueParams>(params);
  const set = (k: keyof QueueParams) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const units = meta.status === "ready" ? meta.data.units : [];

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t("cases.queue.title")}</h1>
      <form
        class={styles.filters}
        aria-label={t("cases.queue.filters")}
        onSubmit={(e) => {
          e.preventDefault();
          const search = new URLSearchParams();
          for (const k of FILTERS) if (draft[k]) search.set(k, draft[k] as string);
          route(`/staff/cases${search.size ? `?${search}` : ""}`);
        }}
      >
        <SelectField
          id="filter-kind"
          label={t("cases.queue.kind")}
          value={draft.kind ?? ""}
          onChange={set("kind")}
          options={[
            { value: "", label: t("cases.queue.all") },
            ...KINDS.map((k) => ({ value: k, label: kindLabel(k) })),
          ]}
        />
        <SelectField
          id="filter-status"
          label={t("cases.queue.status")}
          value={draft.status ?? ""}
          onChange={set("status")}
          options={[
            { value: "", label: t("cases.queue.all") },
            ...STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
          ]}
        />
        <SelectField
          id="filter-unit"
          label={t("cases.queue.unit")}
          value={draft.unitId ?? ""}
          onChange={set("unitId")}
          options={[
            { value: "", label: t("cases.queue.all") },
            ...units.map((u) => ({ value: u.id, label: u.name, lang: "vi" })),
          ]}
        />
        <SelectField
          id="filter-due"
          label={t("cases.queue.due")}
          value={draft.due ?? ""}
          onChange={set("due")}
          options={[
            { value: "", label: t("cases.queue.all") },
            { value: "overdue", label: t("cases.queue.due.overdue") },
            { value: "soon", label: t("cases.queue.due.soon") },
            { value: "open", label: t("cases.queue.due.open") },
          ]}
        />
        <TextField id="filter-q" label={t("cases.queue.search")} value={draft.q ?? ""} onInput={set("q")} />
        <Checkbox
          id="filter-mine"
          label={t("cases.queue.mine")}
          checked={draft.mine === "true"}
          onChange={(v) => setDraft((d) => ({ ...d, mine: v ? "true" : "" }))}
        />
        <div class={form.actions}>
          <button type="submit" class="button">
            {t("cases.queue.apply")}
          </button>
        </div>
      </form>

      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
      {state.status === "ready" && (
        <>
          <p class={styles.counts} role="status">
            <strong>{t("cases.queue.total", { total: state.data.total })}</strong> ·{" "}
            {t("cases.queue.counts", state.data.counts)}
          </p>
          {state.data.items.length === 0 ? (
            <p>{t("cases.queue.empty")}</p>
          ) : (
            <ul class={styles.queue}>
              {state.data.items.map((item) => (
                <li key={item.id} class={styles.item} data-case-code={item.code}>
                  <div class={styles.badges}>
                    <KindBadge kind={item.kind} />
                    <StatusBadge status={item.status} />
                    <DueBadge due={item.due} />
                  </div>
                  <h2 class={styles.itemTitle}>
                    <a href={`/staff/cases/${item.id}`}>
                      <span class={styles.code}>{item.code}</span> <span lang="vi">{item.title}</span>
                    </a>
                  </h2>
                  <p class={styles.itemMeta}>
                    {item.handlingUnit && <span lang="vi">{item.handlingUnit.name}</span>}
                    <span>{t("cases.queue.received", { date: formatDate(item.receivedAt) })}</span>
                    <span>
                      {item.assignees.length
                        ? t("cases.queue.assignees", { names: item.assignees.map((a) => a.fullName).join(", ") })
                        : t("cases.queue.unassigned")}
                    </span>
                    {item.anonymous && <span>{t("cases.queue.anonymous")}</span>}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
