import type { FileSummary } from "../../../schema/api/files";
import { getAlerts } from "../../api/files";
import { Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { FilesError, FilesNav, TimelinessBadge } from "./FileBits";
import styles from "./Files.module.css";

function AlertTable({ id, title, files }: { id: string; title: string; files: readonly FileSummary[] }) {
  return (
    <section class={styles.section} aria-labelledby={id} data-alert-list={id}>
      <h2 id={id}>
        {title} ({files.length})
      </h2>
      {files.length === 0 ? (
        <p>{t("files.alerts.empty")}</p>
      ) : (
        <div class={styles.tableWrap}>
          <table class={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t("files.code")}</th>
                <th scope="col">{t("files.procedure")}</th>
                <th scope="col">{t("files.unit")}</th>
                <th scope="col">{t("files.dueAt")}</th>
                <th scope="col">{t("files.timeliness")}</th>
                <th scope="col">{t("files.apology")}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.id}>
                  <td class={styles.nowrap}>
                    <a href={`/staff/files/${f.id}`}>{f.code}</a>
                  </td>
                  <td lang="vi">{f.procedure.name}</td>
                  <td lang="vi">{f.unit.name}</td>
                  <td class={styles.nowrap}>{formatDateTime(f.timeliness.effectiveDueAt)}</td>
                  <td>
                    <TimelinessBadge file={f} />
                  </td>
                  <td>
                    {f.apology ? (
                      <a href={`/staff/files/${f.id}/apology/print`}>{f.apology.numberText}</a>
                    ) : (
                      <a href={`/staff/files/${f.id}/apology`}>{t("files.detail.issueApology")}</a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Files due within a working day, overdue, or late without their apology letter (/staff/files/alerts). */
export default function FilesAlertsPage() {
  useDocumentTitle(t("files.alerts.title"));
  const [alerts, retry] = useResource((signal) => getAlerts({ signal }), []);
  return (
    <div class={styles.wide}>
      <h1 id="page-title">{t("files.alerts.title")}</h1>
      <FilesNav current="/staff/files/alerts" />
      <p>{t("files.alerts.intro")}</p>
      {alerts.status === "loading" && <Loading />}
      {alerts.status === "error" && <FilesError error={alerts.error} onRetry={retry} />}
      {alerts.status === "ready" && (
        <>
          <AlertTable
            id="due-soon"
            title={t("files.alerts.dueSoon", { n: alerts.data.alertWorkingDays })}
            files={alerts.data.dueSoon}
          />
          <AlertTable id="overdue" title={t("files.alerts.overdue")} files={alerts.data.overdue} />
          <AlertTable
            id="without-apology"
            title={t("files.alerts.withoutApology")}
            files={alerts.data.withoutApology}
          />
        </>
      )}
    </div>
  );
}
