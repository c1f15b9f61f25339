import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import type { FileDetail, FileEventRequest } from "../../../schema/api/files";
import { ApiProblem } from "../../api/errors";
import { getFile, recordFileEvent } from "../../api/files";
import { Loading } from "../../components/Status";
import { pick, t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate, formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { FilesError, FilesNav, fromVietnamInput, TimelinessBadge, toVietnamInput } from "./FileBits";
import styles from "./Files.module.css";

const KINDS = ["supplement_requested", "supplement_completed", "returned", "stopped"] as const;

function RecordEvent({ file, onDone }: { file: FileDetail; onDone: (file: FileDetail, applied: boolean) => void }) {
  const open = file.supplements.some((s) => s.completedAt === null);
  const [kind, setKind] = useState<FileEventRequest["kind"]>(open ? "supplement_completed" : "returned");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const result = await recordFileEvent(file.id, {
        kind,
        occurredAt: fromVietnamInput(String(f.get("occurredAt"))),
        note: String(f.get("note") ?? "") || undefined,
      });
      onDone(result.file, result.applied);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldErrors = error instanceof ApiProblem ? error.fieldErrors() : {};
  return (
    <form class={`card ${styles.form}`} onSubmit={submit} aria-labelledby="record-title">
      <h2 id="record-title">{t("files.detail.record")}</h2>
      <label class={styles.field}>
        {t("files.detail.kind")}
        <select
          name="kind"
          value={kind}
          onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as typeof kind)}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`files.event.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === "supplement_requested" && file.supplements.length > 0 && file.secondSupplement === "record_late" && (
        <p class={styles.notice}>{t("files.detail.secondSupplementLate")}</p>
      )}
      <label class={styles.field}>
        {t("files.detail.occurredAt")}
        <input type="datetime-local" name="occurredAt" required defaultValue={toVietnamInput(new Date())} />
        {fieldErrors.occurredAt && <span class={styles.fieldError}>{fieldErrors.occurredAt}</span>}
      </label>
      <label class={styles.field}>
        {t("files.detail.note")}
        <textarea name="note" maxLength={2000} />
      </label>
      {error !== null && !(error instanceof ApiProblem && Object.keys(fieldErrors).length > 0) && (
        <FilesError error={error} />
      )}
      <div>
        <button type="submit" class="button" disabled={busy}>
          {t("files.detail.save")}
        </button>
      </div>
    </form>
  );
}

/** One file: where it stands, what happened, and what to do next (/staff/files/:id). */
export default function FilePage() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const [loaded, retry] = useResource((signal) => getFile(id, { signal }), [id]);
  const [current, setCurrent] = useState<FileDetail | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const file = current?.id === id ? current : loaded.status === "ready" ? loaded.data : null;
  useDocumentTitle(file ? file.code : t("files.title"));

  if (!file) {
    return (
      <div class={styles.wide}>
        <FilesNav />
        {loaded.status === "error" ? <FilesError error={loaded.error} onRetry={retry} /> : <Loading />}
      </div>
    );
  }
  const tl = file.timeliness;
  return (
    <div class={styles.wide}>
      <h1 id="page-title">
        {t("files.code")} {file.code}
      </h1>
      <FilesNav />
      <p>
        <TimelinessBadge file={file} />
      </p>
      {message && (
        <p class={styles.notice} role="status">
          {message}
        </p>
      )}
      <div class={styles.actions}>
        {file.apology ? (
          <a class="button" href={`/staff/files/${file.id}/apology/print`}>
            {t("files.detail.viewApology")}
          </a>
        ) : (
          file.canIssueApology && (
            <a class="button" href={`/staff/files/${file.id}/apology`}>
              {t("files.detail.issueApology")}
            </a>
          )
        )}
        <a class="button button-secondary" href={`/staff/files/${file.id}/slip`}>
          {t("files.detail.printSlip")}
        </a>
      </div>
      <dl class={styles.dl}>
        <dt>{t("files.procedure")}</dt>
        <dd lang="vi">
          {file.procedure.nationalCode} – {file.procedure.name}
        </dd>
        <dt>{t("files.detail.processingTime")}</dt>
        <dd>{pick(file.procedure.processingTimeText.vi, file.procedure.processingTimeText.en)}</dd>
        <dt>{t("files.unit")}</dt>
        <dd lang="vi">{file.unit.name}</dd>
        <dt>{t("files.channel")}</dt>
        <dd>
          {t(`files.channel.${file.channel}`)}
          {file.counter ? ` – ${file.counter.name}` : ""}
        </dd>
        <dt>{t("files.status")}</dt>
        <dd>{t(`files.status.${file.status}`)}</dd>
        <dt>{t("files.receivedAt")}</dt>
        <dd>{formatDateTime(file.receivedAt)}</dd>
        <dt>{t("files.dueAt")}</dt>
        <dd>
          {formatDateTime(file.dueAt)}
          {tl.waitingMinutes > 0 && (
            <>
              <br />
              {t("files.detail.effectiveDue", { date: formatDateTime(tl.effectiveDueAt) })}
            </>
          )}
          {file.restartedDueAt && (
            <>
              <br />
              <span class="muted">{t("files.detail.restartedDue", { date: formatDateTime(file.restartedDueAt) })}</span>
            </>
          )}
          {!tl.finished && (
            <>
              <br />
              <span class="muted">
                {t("files.detail.alertDate", { date: formatDate(`${tl.alertDate}T12:00:00+07:00`) })}
              </span>
            </>
          )}
        </dd>
        {file.returnedAt && (
          <>
            <dt>{t("files.returnedAt")}</dt>
            <dd>{formatDateTime(file.returnedAt)}</dd>
          </>
        )}
        {file.apology && (
          <>
            <dt>{t("files.apology")}</dt>
            <dd>
              {t("files.apologyNumber", {
                number: file.apology.numberText,
                date: formatDateTime(file.apology.newDueAt),
              })}
            </dd>
          </>
        )}
        <dt>{t("files.applicant")}</dt>
        <dd lang="vi">{file.applicantName ?? "—"}</dd>
        {file.applicantAddress && (
          <>
            <dt>{t("files.applicantAddress")}</dt>
            <dd lang="vi">{file.applicantAddress}</dd>
          </>
        )}
        {file.applicantPhone && (
          <>
            <dt>{t("files.applicantPhone")}</dt>
            <dd>{file.applicantPhone}</dd>
          </>
        )}
        {file.applicantEmail && (
          <>
            <dt>{t("files.applicantEmail")}</dt>
            <dd>{file.applicantEmail}</dd>
          </>
        )}
      </dl>

      <section class={styles.section} aria-labelledby="supp-title">
        <h2 id="supp-title">{t("files.detail.supplements")}</h2>
        {file.supplements.length === 0 ? (
          <p>{t("files.detail.noSupplement")}</p>
        ) : (
          <ul>
            {file.supplements.map((s) => (
              <li key={s.seq}>
                {t("files.detail.supplementLine", {
                  seq: s.seq,
                  requested: formatDateTime(s.requestedAt),
                  completed: s.completedAt
                    ? t("files.detail.supplementDone", { date: formatDateTime(s.completedAt) })
                    : t("files.detail.supplementOpen"),
                })}{" "}
                {s.countsAsLate && <strong>{t("files.detail.countsAsLate")}</strong>}
                {s.reason && (
                  <>
                    {" – "}
                    <span lang="vi">{s.reason}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      {!tl.finished && (
        <RecordEvent
          file={file}
          onDone={(next, applied) => {
            setCurrent(next);
            setMessage(applied ? t("files.detail.saved") : t("files.detail.alreadySaved"));
          }}
        />
      )}

      <section class={styles.section} aria-labelledby="events-title">
        <h2 id="events-title">{t("files.detail.events")}</h2>
        <ol class={styles.timeline}>
          {file.events.map((e) => (
            <li key={e.id}>
              <strong>{t(`files.event.${e.kind}`)}</strong> – {formatDateTime(e.occurredAt)}{" "}
              <span class="muted">
                ({t(`files.event.source.${e.source}`)}
                {e.actorName ? `, ${e.actorName}` : ""})
              </span>
              {e.note && (
                <>
                  <br />
                  <span lang="vi">{e.note}</span>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
