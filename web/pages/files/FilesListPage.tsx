import { useState } from "preact/hooks";
import type { FileListQuery } from "../../../schema/api/files";
import { getKpis, listFiles } from "../../api/files";
import { Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate, formatDateTime, formatPercent } from "../../lib/format";
import { useResource } from "../../state/resource";
import { FilesError, FilesNav, TimelinessBadge, toVietnamInput } from "./FileBits";
import styles from "./Files.module.css";

const STATUSES = ["received", "in_progress", "supplement_requested", "returned", "stopped"] as const;
const OUTCOMES = ["early", "on_time", "late", "pending"] as const;
const FLAGS = ["due_soon", "late_without_apology", "multiple_supplements"] as const;

function today(): string {
  return toVietnamInput(new Date()).slice(0, 10);
}

function initialQuery(): FileListQuery {
  const p = new URLSearchParams(location.search);
  const get = (k: string) => p.get(k) || undefined;
  return {
    from: get("from"),
    to: get("to"),
    status: get("status") as FileListQuery["status"],
    outcome: get("outcome") as FileListQuery["outcome"],
    flag: get("flag") as FileListQuery["flag"],
    q: get("q"),
    page: Number(get("page") ?? 1),
  };
}

/** This month's on-time figures, against the agency's target (100%). */
function KpiStrip() {
  const month = `${today().slice(0, 8)}01`;
  const [kpi] = useResource((signal) => getKpis({ from: month, to: today() }, { signal }), []);
  if (kpi.status !== "ready") return null;
  const k = kpi.data;
  return (
    <section class="card" aria-labelledby="kpi-title">
      <h2 id="kpi-title">{t("files.kpi.title")}</h2>
      {k.totals.total === 0 ? (
        <p>{t("files.kpi.noFiles")}</p>
      ) : (
        <div class={styles.kpi}>
          <span class={styles.kpiRate}>
            {t("files.kpi.rate", {
              rate: formatPercent(k.totals.onTimeRate ?? 0),
              target: formatPercent(k.target, 0),
            })}
          </span>
          <span>
            {t("files.kpi.counts", {
              early: k.totals.early,
              onTime: k.totals.onTime,
              pending: k.totals.pending,
              late: k.totals.late,
            })}
          </span>
          {k.lateWithoutApology > 0 && (
            <a href="/staff/files?flag=late_without_apology">
              {t("files.kpi.withoutApology", { count: k.lateWithoutApology })}
            </a>
          )}
          {k.multipleSupplements > 0 && (
            <a href="/staff/files?flag=multiple_supplements">
              {t("files.kpi.twice", { count: k.multipleSupplements })}
            </a>
          )}
        </div>
      )}
    </section>
  );
}

/** The list of files with their on-time badges and filters (/staff/files). */
export default function FilesListPage() {
  useDocumentTitle(t("files.title"));
  const [query, setQuery] = useState<FileListQuery>(initialQuery);
  const [list, retry] = useResource((signal) => listFiles(query, { signal }), [JSON.stringify(query)]);

  const go = (next: FileListQuery) => {
    const url = new URL(location.href);
    url.search = "";
    for (const [k, v] of Object.entries(next))
      if (v !== undefined && v !== "" && !(k === "page" && v === 1)) url.searchParams.set(k, String(v));
    history.replaceState(history.state, "", url);
    setQuery(next);
  };
  const apply = (event: Event) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const v = (k: string) => String(f.get(k) ?? "") || undefined;
    go({
      from: v("from"),
      to: v("to"),
      status: v("status") as FileListQuery["status"],
      outcome: v("outcome") as FileListQuery["outcome"],
      flag: v("flag") as FileListQuery["flag"],
      q: v("q"),
      page: 1,
    });
  };

  return (
    <div class={styles.wide}>
      <h1 id="page-title">{t("files.title")}</h1>
      <FilesNav current="/staff/files" />
      <KpiStrip />
      <form class={styles.filters} onSubmit={apply} aria-label={t("files.filters")}>
        <label class={styles.field}>
          {t("files.filter.from")}
          <input type="date" name="from" defaultValue={query.from} />
        </label>
        <label class={styles.field}>
          {t("files.filter.to")}
          <input type="date" name="to" defaultValue={query.to} />
        </label>
        <label class={styles.field}>
          {t("files.status")}
          <select name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("files.filter.any")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`files.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label class={styles.field}>
          {t("files.timeliness")}
          <select name="outcome" defaultValue={query.outcome ?? ""}>
            <option value="">{t("files.filter.any")}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`files.outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label class={styles.field}>
          {t("files.filter.flag")}
          <select name="flag" defaultValue={query.flag ?? ""}>
            <option value="">{t("files.filter.any")}</option>
            {FLAGS.map((f) => (
              <option key={f} value={f}>
                {t(`files.filter.flag.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label class={styles.field}>
          {t("files.filter.q")}
          <input type="search" name="q" defaultValue={query.q} />
        </label>
        <button type="submit" class="button">
          {t("files.filter.apply")}
        </button>
      </form>
      {list.status === "loading" && <Loading />}
      {list.status === "error" && <FilesError error={list.error} onRetry={retry} />}
      {list.status === "ready" && (
        <>
          <p aria-live="polite">{t("files.count", { total: list.data.total })}</p>
          {list.data.items.length === 0 ? (
            <p>{t("files.none")}</p>
          ) : (
            <div class={styles.tableWrap}>
              <table class={styles.table}>
                <thead>
                  <tr>
                    <th scope="col">{t("files.code")}</th>
                    <th scope="col">{t("files.procedure")}</th>
                    <th scope="col">{t("files.receivedAt")}</th>
                    <th scope="col">{t("files.dueAt")}</th>
                    <th scope="col">{t("files.status")}</th>
                    <th scope="col">{t("files.timeliness")}</th>
                    <th scope="col">{t("files.apology")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((f) => (
                    <tr key={f.id}>
                      <td class={styles.nowrap}>
                        <a href={`/staff/files/${f.id}`}>{f.code}</a>
                      </td>
                      <td lang="vi">{f.procedure.name}</td>
                      <td class={styles.nowrap}>{formatDateTime(f.receivedAt)}</td>
                      <td class={styles.nowrap}>{formatDateTime(f.dueAt)}</td>
                      <td>{t(`files.status.${f.status}`)}</td>
                      <td>
                        <TimelinessBadge file={f} />
                      </td>
                      <td>
                        {f.apology
                          ? t("files.apologyNumber", {
                              number: f.apology.numberText,
                              date: formatDate(f.apology.newDueAt),
                            })
                          : f.apologyRequired
                            ? t("files.apologyMissing")
                            : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {list.data.total > list.data.pageSize && (
            <nav
              class={styles.actions}
              aria-label={t("files.page", {
                page: list.data.page,
                pages: Math.ceil(list.data.total / list.data.pageSize),
              })}
            >
              <button
                type="button"
                class="button button-secondary"
                disabled={list.data.page <= 1}
                onClick={() => go({ ...query, page: list.data.page - 1 })}
              >
                {t("files.prev")}
              </button>
              <span>
                {t("files.page", { page: list.data.page, pages: Math.ceil(list.data.total / list.data.pageSize) })}
              </span>
              <button
                type="button"
                class="button button-secondary"
                disabled={list.data.page * list.data.pageSize >= list.data.total}
                onClick={() => go({ ...query, page: list.data.page + 1 })}
              >
                {t("files.next")}
              </button>
            </nav>
          )}
        </>
      )}
    </div>
  );
}
