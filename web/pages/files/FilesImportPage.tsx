import { useState } from "preact/hooks";
import { IMPORT_COLUMNS, type ImportColumn, type ImportRowError, type ImportSummary } from "../../../schema/api/files";
import { commitImport, getImport, sendImportChunk, startImport } from "../../api/files";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime } from "../../lib/format";
import { splitCsv } from "./csv-chunks";
import { FilesError, FilesNav } from "./FileBits";
import styles from "./Files.module.css";

type Stage =
  | { kind: "idle" }
  | { kind: "checking"; done: number; total: number }
  | { kind: "preview"; summary: ImportSummary }
  | { kind: "committing"; summary: ImportSummary }
  | { kind: "done"; summary: ImportSummary };

function isColumn(field: string): field is ImportColumn {
  return (IMPORT_COLUMNS as readonly string[]).includes(field);
}

function ErrorsTable({ errors }: { errors: readonly ImportRowError[] }) {
  return (
    <div class={styles.tableWrap}>
      <table class={styles.table}>
        <caption class="sr-only">{t("files.import.errors")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("files.import.line")}</th>
            <th scope="col">{t("files.import.field")}</th>
            <th scope="col">{t("files.import.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={`${e.line}-${i}`}>
              <td>{e.line}</td>
              <td>{e.field && isColumn(e.field) ? t(`files.import.column.${e.field}`) : "—"}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * CSV import with a preview (/staff/files/import): the rows go up in chunks with a progress
 * bar, every bad row comes back with its line and reason, and nothing is written until every
 * row is good and the officer confirms — then all rows at once.
 */
export default function FilesImportPage() {
  useDocumentTitle(t("files.import.title"));
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const [error, setError] = useState<unknown>(null);

  const check = async (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem("csv") as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    try {
      const { header, chunks, rows } = splitCsv(await file.text());
      setStage({ kind: "checking", done: 0, total: rows });
      const started = await startImport(header);
      let done = 0;
      for (const chunk of chunks) {
        await sendImportChunk(started.id, { firstLine: chunk.firstLine, csv: chunk.csv });
        done += chunk.rows;
        setStage({ kind: "checking", done, total: rows });
      }
      setStage({ kind: "preview", summary: await getImport(started.id) });
    } catch (err) {
      setError(err);
      setStage({ kind: "idle" });
    }
  };

  const commit = async (summary: ImportSummary) => {
    setError(null);
    setStage({ kind: "committing", summary });
    try {
      setStage({ kind: "done", summary: await commitImport(summary.id) });
    } catch (err) {
      setError(err);
      setStage({ kind: "preview", summary });
    }
  };

  const summary =
    stage.kind === "preview" || stage.kind === "committing" || stage.kind === "done" ? stage.summary : null;
  return (
    <div class={styles.wide}>
      <h1 id="page-title">{t("files.import.title")}</h1>
      <FilesNav current="/staff/files/import" />
      <p>{t("files.import.help")}</p>
      <p class={styles.notice}>{t("files.import.all")}</p>
      <form class={styles.filters} onSubmit={check}>
        <label class={styles.field}>
          {t("files.import.file")}
          <input type="file" name="csv" accept=".csv,text/csv" required />
        </label>
        <button type="submit" class="button" disabled={stage.kind === "checking" || stage.kind === "committing"}>
          {t("files.import.check")}
        </button>
      </form>
      {stage.kind === "checking" && (
        <div role="status" aria-live="polite">
          <label class={styles.field}>
            {t("files.import.progress", { done: stage.done, total: stage.total })}
            <progress class={styles.progress} max={Math.max(stage.total, 1)} value={stage.done} />
          </label>
        </div>
      )}
      {error !== null && <FilesError error={error} />}
      {summary && (
        <section aria-labelledby="preview-title" class={styles.section}>
          <h2 id="preview-title" class="sr-only">
            {t("files.import.sample")}
          </h2>
          <p role="status" data-import-summary>
            {t("files.import.summary", {
              rows: summary.rows,
              valid: summary.validRows,
              errors: summary.errorRows,
              new: summary.newFiles,
              existing: summary.existingFiles,
            })}
          </p>
          {summary.ignoredColumns.length > 0 && (
            <p class="muted">{t("files.import.ignored", { columns: summary.ignoredColumns.join(", ") })}</p>
          )}
          {summary.rows === 0 && <p>{t("files.import.empty")}</p>}
          {summary.errors.length > 0 && (
            <>
              <h3>{t("files.import.errors")}</h3>
              <p>{t("files.import.fixFirst")}</p>
              <ErrorsTable errors={summary.errors} />
            </>
          )}
          {summary.sample.length > 0 && (
            <>
              <h3>{t("files.import.sample")}</h3>
              <div class={styles.tableWrap}>
                <table class={styles.table}>
                  <thead>
                    <tr>
                      <th scope="col">{t("files.import.line")}</th>
                      <th scope="col">{t("files.code")}</th>
                      <th scope="col">{t("files.procedure")}</th>
                      <th scope="col">{t("files.receivedAt")}</th>
                      <th scope="col">{t("files.dueAt")}</th>
                      <th scope="col">{t("files.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.sample.map((r) => (
                      <tr key={r.line}>
                        <td>{r.line}</td>
                        <td>{r.code}</td>
                        <td>{r.procedureCode}</td>
                        <td class={styles.nowrap}>{formatDateTime(r.receivedAt)}</td>
                        <td class={styles.nowrap}>
                          {formatDateTime(r.dueAt)}
                          {r.dueComputed && <span class="muted"> ({t("files.import.computed")})</span>}
                        </td>
                        <td>{t(`files.status.${r.status}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {stage.kind === "done" ? (
            <p class={styles.notice} role="status">
              {t("files.import.done", { created: summary.createdFiles ?? 0 })}
            </p>
          ) : (
            summary.errorRows === 0 &&
            summary.rows > 0 && (
              <button
                type="button"
                class="button"
                disabled={stage.kind === "committing"}
                onClick={() => commit(summary)}
              >
                {stage.kind === "committing"
                  ? t("files.import.committing")
                  : t("files.import.commit", { count: summary.newFiles })}
              </button>
            )
          )}
        </section>
      )}
    </div>
  );
}
