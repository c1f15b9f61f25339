import "../../i18n/admin";
import { useRef, useState } from "preact/hooks";
import type { ProcedureImportResult } from "../../../schema/api/admin";
import { importProcedures } from "../../api/admin";
import { lang, type MessageKey, t } from "../../i18n";
import { fieldId } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { FormProblem, Saved, useForm } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import styles from "./Admin.module.css";
import { AdminLayout } from "./AdminLayout";

/** The API refuses bodies above 1 MB; the CSV travels inside JSON, so keep a margin. */
const MAX_FILE_BYTES = 900 * 1024;

/** The file's columns in order: what the intro says of each, and its short name in the error table. */
const COLUMNS: ReadonlyArray<{ field: string; about: MessageKey; name: MessageKey }> = [
  { field: "nationalCode", about: "admin.import.col.nationalCode", name: "admin.procedures.nationalCode" },
  { field: "name", about: "admin.import.col.name", name: "admin.procedures.name" },
  { field: "field", about: "admin.import.col.field", name: "admin.procedures.field" },
  { field: "processingTime", about: "admin.import.col.processingTime", name: "admin.procedures.time" },
  { field: "processingTimeUnit", about: "admin.import.col.processingTimeUnit", name: "admin.procedures.timeUnit" },
  { field: "unitCode", about: "admin.import.col.unitCode", name: "admin.procedures.unit" },
];

/** "Cột 4 – Thời hạn giải quyết" for an error's field. */
function columnName(field: string | null): string {
  const i = COLUMNS.findIndex((c) => c.field === field);
  const column = COLUMNS[i];
  return column ? t("admin.import.columnName", { n: i + 1, name: t(column.name) }) : "—";
}

type Step =
  | { kind: "choose" }
  | { kind: "checked"; csv: string; fileName: string; result: ProcedureImportResult }
  | { kind: "done"; result: ProcedureImportResult };

/**
 * Reads a file as UTF-8 (the national TTHC portal's export; Excel's "CSV UTF-8"). A file in a
 * legacy code page would turn Vietnamese letters into garbage rows: refused with a hint.
 */
async function readUtf8(file: File): Promise<string | null> {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    return text.replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}

/**
 * /staff/quan-tri/thu-tuc/nhap-csv: procedures from a CSV of the national TTHC list. The file
 * is checked first (dry run: what would be created or updated, every bad row with its line);
 * only a file without errors can be imported, all rows at once.
 */
export default function ProceduresImportPage() {
  const form = useForm();
  const confirm = useForm();
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const resultRef = useRef<HTMLHeadingElement>(null);
  const focusResult = () => setTimeout(() => resultRef.current?.focus(), 0);

  const check = (event: Event) => {
    event.preventDefault();
    let local: Record<string, MessageKey> | undefined;
    if (!file) local = { file: "admin.import.chooseFile" };
    else if (file.size > MAX_FILE_BYTES) local = { file: "admin.import.tooBig" };
    void form.run(async () => {
      if (!file) return;
      const csv = await readUtf8(file);
      if (csv === null) {
        setStep({ kind: "choose" });
        throw new NotUtf8();
      }
      const result = await importProcedures(csv, true);
      setStep({ kind: "checked", csv, fileName: file.name, result });
      focusResult();
    }, local);
  };

  const busy = form.busy || confirm.busy;
  const notUtf8 = form.problem instanceof NotUtf8;

  return (
    <AdminLayout title={t("admin.import.title")}>
      {() => (
        <>
          <p>{t("admin.import.intro")}</p>
          <ol class={styles.columns}>
            {COLUMNS.map((c) => (
              <li key={c.field}>{t(c.about)}</li>
            ))}
          </ol>
          <p class="muted">{t("admin.import.rules")}</p>

          <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={check} data-import-form>
            {!notUtf8 && <FormProblem form={form} known={["file"]} />}
            <div class={`${formStyles.field} ${form.errors.file || notUtf8 ? formStyles.invalid : ""}`}>
              <label for={fieldId("file")} class={formStyles.label}>
                {t("admin.import.file")}
              </label>
              <p id={`${fieldId("file")}-hint`} class={formStyles.hint}>
                {t("admin.import.fileHint")}
              </p>
              {(form.errors.file || notUtf8) && (
                <p id={`${fieldId("file")}-error`} class={formStyles.error}>
                  {notUtf8 ? t("admin.import.notUtf8") : form.errors.file}
                </p>
              )}
              <input
                id={fieldId("file")}
                type="file"
                accept=".csv,text/csv"
                class={formStyles.input}
                aria-invalid={form.errors.file || notUtf8 ? true : undefined}
                aria-describedby={`${fieldId("file")}-hint${form.errors.file || notUtf8 ? ` ${fieldId("file")}-error` : ""}`}
                onChange={(e) => {
                  setFile(e.currentTarget.files?.[0] ?? null);
                  setStep({ kind: "choose" });
                  form.reset();
                  confirm.reset();
                }}
              />
            </div>
            <div class={formStyles.actions}>
              <button type="submit" class="button" disabled={busy}>
                {t("admin.import.check")}
              </button>
              <a class="button button-secondary" href="/staff/quan-tri/thu-tuc">
                {t("admin.import.backToList")}
              </a>
            </div>
          </form>

          <div role="status" class={styles.progress}>
            {busy && (
              <>
                <progress aria-labelledby="import-progress" />
                <span id="import-progress">{form.busy ? t("admin.import.checking") : t("admin.import.importing")}</span>
              </>
            )}
          </div>

          {step.kind === "checked" && (
            <section aria-labelledby="import-result" class={staffStyles.section} data-import-result>
              <h2 id="import-result" ref={resultRef} tabIndex={-1}>
                {t("admin.import.checkedTitle", { file: step.fileName })}
              </h2>
              <Summary result={step.result} />
              {step.result.errors.length > 0 ? (
                <>
                  <p class={styles.bad}>{t("admin.import.hasErrors", { n: step.result.errors.length })}</p>
                  <div class={staffStyles.tableWrap}>
                    <table class={staffStyles.table} data-import-errors>
                      <caption>{t("admin.import.errorsCaption")}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t("admin.import.line")}</th>
                          <th scope="col">{t("admin.import.column")}</th>
                          <th scope="col">{t("admin.import.problem")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {step.result.errors.map((err, i) => (
                          // A line may carry several errors; the list never changes: the index is a stable key.
                          <tr key={i}>
                            <td>{err.line}</td>
                            <td>{columnName(err.field)}</td>
                            <td>{lang.value === "en" ? err.messageEn : err.message}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              ) : (
                <form
                  ref={confirm.formRef}
                  noValidate
                  onSubmit={(e) => {
                    e.preventDefault();
                    const csv = step.csv;
                    void confirm.run(async () => {
                      const result = await importProcedures(csv, false);
                      setStep({ kind: "done", result });
                      focusResult();
                    });
                  }}
                >
                  <FormProblem form={confirm} />
                  <p>{t("admin.import.ready")}</p>
                  <button type="submit" class="button" disabled={busy} data-import-confirm>
                    {t("admin.import.confirm", { n: step.result.rows })}
                  </button>
                </form>
              )}
            </section>
          )}

          {step.kind === "done" && (
            <section aria-labelledby="import-result" class={staffStyles.section}>
              <h2 id="import-result" ref={resultRef} tabIndex={-1}>
                {t("admin.import.doneTitle")}
              </h2>
              <Saved>{t("admin.import.done")}</Saved>
              <Summary result={step.result} />
              <a class="button" href="/staff/quan-tri/thu-tuc">
                {t("admin.import.backToList")}
              </a>
            </section>
          )}
        </>
      )}
    </AdminLayout>
  );
}

class NotUtf8 extends Error {}

function Summary({ result }: { result: ProcedureImportResult }) {
  return (
    <dl class={staffStyles.dl} data-import-summary>
      <dt>{t("admin.import.rows")}</dt>
      <dd>{result.rows}</dd>
      <dt>{result.dryRun ? t("admin.import.willCreate") : t("admin.import.created")}</dt>
      <dd>{result.created}</dd>
      <dt>{result.dryRun ? t("admin.import.willUpdate") : t("admin.import.updated")}</dt>
      <dd>{result.updated}</dd>
      <dt>{t("admin.import.unchanged")}</dt>
      <dd>{result.unchanged}</dd>
    </dl>
  );
}
