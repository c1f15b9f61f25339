import "../../i18n/dashboard";
import { useEffect, useState } from "preact/hooks";
import type { FollowUpItem } from "../../../schema/api/dashboard";
import { getFollowUps } from "../../api/dashboard";
import { Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import styles from "./Dashboard.module.css";
import { DashboardNav } from "./DashboardNav";
import { SignInNotice } from "./DashboardPage";
import { levelLabel } from "./format";

const STATUSES = ["open", "in_progress", "closed", "all"] as const;

/** The queue of low ratings (/staff/dashboard/follow-ups); an action can be made from each. */
export default function FollowUpsPage() {
  useDocumentTitle(t("followUps.title"));
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("open");
  const [list, retry] = useResource((signal) => getFollowUps({ status }, { signal }), [status]);
  // Later pages, fetched with "Xem thêm" (the API pages by a cursor, newest first).
  const [more, setMore] = useState<{ items: FollowUpItem[]; cursor: string | null; busy: boolean; failed: boolean }>({
    items: [],
    cursor: null,
    busy: false,
    failed: false,
  });
  useEffect(() => {
    setMore({ items: [], cursor: list.status === "ready" ? list.data.nextCursor : null, busy: false, failed: false });
  }, [list]);
  const loadMore = async () => {
    if (!more.cursor || more.busy) return;
    setMore({ ...more, busy: true, failed: false });
    try {
      const page = await getFollowUps({ status, cursor: more.cursor });
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, busy: false, failed: false }));
    } catch {
      setMore((m) => ({ ...m, busy: false, failed: true }));
    }
  };
  const items = list.status === "ready" ? [...list.data.items, ...more.items] : [];
  return (
    <div class={styles.wide}>
      <h1>{t("followUps.title")}</h1>
      <DashboardNav current="/staff/dashboard/follow-ups" />
      <p>{t("followUps.intro")}</p>
      <div class={styles.filters}>
        <label>
          {t("followUps.status")}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as (typeof STATUSES)[number])}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`followUps.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.status === "loading" && <Loading />}
      {list.status === "error" && <SignInNotice error={list.error} onRetry={retry} />}
      {list.status === "ready" &&
        (items.length === 0 ? (
          <p class="muted">{t("followUps.empty")}</p>
        ) : (
          <div class={styles.scroll}>
            <table class={styles.table}>
              <thead>
                <tr>
                  <th scope="col">{t("followUps.col.date")}</th>
                  <th scope="col">{t("dashboard.unit")}</th>
                  <th scope="col">{t("followUps.col.where")}</th>
                  <th scope="col">{t("followUps.col.rating")}</th>
                  <th scope="col">{t("followUps.col.text")}</th>
                  <th scope="col">{t("followUps.status")}</th>
                  <th scope="col">{t("dashboard.col.action")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((f) => (
                  <tr key={f.id}>
                    <td>{formatDateTime(f.submittedAt)}</td>
                    <td lang="vi">{f.unit.name}</td>
                    <td lang="vi">{[f.counterName, f.procedureName].filter(Boolean).join(" · ") || "—"}</td>
                    <td>{levelLabel(f.overallScore, f.scaleLevels)}</td>
                    <td lang="vi">
                      {f.text ?? "—"}
                      {f.hasContact && <div class="muted">{t("followUps.hasContact")}</div>}
                    </td>
                    <td>{t(`followUps.status.${f.status}`)}</td>
                    <td>
                      {f.actionId ? (
                        <a href="/staff/dashboard/actions?status=all">{t("followUps.actionLink")}</a>
                      ) : (
                        <a href={`/staff/dashboard/actions?followUpId=${f.id}&unitId=${f.unit.id}`}>
                          {t("dashboard.createAction")}
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="muted" aria-live="polite">
              {t("followUps.shown", { n: items.length.toLocaleString("vi-VN") })}
              {more.failed && ` ${t("followUps.moreFailed")}`}
            </p>
            {more.cursor && (
              <button type="button" class="button" onClick={loadMore} disabled={more.busy} aria-busy={more.busy}>
                {more.busy ? t("followUps.loadingMore") : t("followUps.more")}
              </button>
            )}
          </div>
        ))}
    </div>
  );
}
