import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { FileChannel } from "../../../schema/api/files";
import { ApiProblem } from "../../api/errors";
import { createFile, listCounters, listProcedures, previewDue } from "../../api/files";
import { Loading } from "../../components/Status";
import { pick, t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { FilesError, FilesNav, fromVietnamInput, toVietnamInput } from "./FileBits";
import styles from "./Files.module.css";

const CHANNELS: readonly FileChannel[] = ["counter", "online", "postal"];

/** Manual entry at the counter; the appointment is computed as the officer types (/staff/files/new). */
export default function FileNewPage() {
  useDocumentTitle(t("files.new.title"));
  const { route } = useLocation();
  const [procedures] = useResource((signal) => listProcedures({ signal }), []);
  const [counters] = useResource((signal) => listCounters({ signal }), []);
  const [procedureId, setProcedureId] = useState("");
  const [receivedAt, setReceivedAt] = useState(() => toVietnamInput(new Date()));
  const [preview] = useResource(
    (signal) =>
      procedureId && receivedAt
        ? previewDue(procedureId, fromVietnamInput(receivedAt), { signal })
        : Promise.resolve(null),
    [procedureId, receivedAt],
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? "").trim() || undefined;
    setBusy(true);
    setError(null);
    try {
      const file = await createFile({
        code: text("code"),
        procedureId,
        receivedAt: fromVietnamInput(receivedAt),
        channel: (text("channel") ?? "counter") as FileChannel,
        counterId: text("counterId") ?? null,
        applicantName: text("applicantName"),
        applicantAddress: text("applicantAddress"),
        applicantPhone: text("applicantPhone"),
        applicantEmail: text("applicantEmail"),
      });
      route(`/staff/files/${file.id}/slip`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  if (procedures.status === "error") return <FilesError error={procedures.error} />;
  if (procedures.status !== "ready") return <Loading />;
  const fieldErrors = error instanceof ApiProblem ? error.fieldErrors() : {};
  const err = (name: string) =>
    fieldErrors[name] ? (
      <span class={styles.fieldError} id={`${name}-error`}>
        {fieldErrors[name]}
      </span>
    ) : null;

  return (
    <div class={styles.wide}>
      <h1 id="page-title">{t("files.new.title")}</h1>
      <FilesNav current="/staff/files/new" />
      <form class={styles.form} onSubmit={submit}>
        <label class={styles.field}>
          {t("files.new.procedure")}
          <select
            name="procedureId"
            required
            value={procedureId}
            onChange={(e) => setProcedureId((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t("files.new.chooseProcedure")}</option>
            {procedures.data.procedures.map((p) => (
              <option key={p.id} value={p.id} lang="vi">
                {p.nationalCode} – {p.name}
              </option>
            ))}
          </select>
          {err("procedureId")}
        </label>
        <label class={styles.field}>
          {t("files.new.receivedAt")}
          <input
            type="datetime-local"
            name="receivedAt"
            required
            value={receivedAt}
            onInput={(e) => setReceivedAt((e.currentTarget as HTMLInputElement).value)}
          />
          {err("receivedAt")}
        </label>
        {preview.status === "ready" && preview.data && (
          <p class={styles.notice} role="status" data-due-preview>
            {t("files.new.duePreview", {
              date: formatDateTime(preview.data.dueAt),
              time: pick(preview.data.processingTimeText.vi, preview.data.processingTimeText.en),
            })}
          </p>
        )}
        <label class={styles.field}>
          {t("files.channel")}
          <select name="channel" defaultValue="counter">
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`files.channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label class={styles.field}>
          {t("files.counter")}
          <select name="counterId">
            <option value="">{t("files.new.noCounter")}</option>
            {counters.status === "ready" &&
              counters.data.counters
                .filter((c) => c.active)
                .map((c) => (
                  <option key={c.id} value={c.id} lang="vi">
                    {c.name}
                  </option>
                ))}
          </select>
        </label>
        <label class={styles.field}>
          {t("files.applicant")}
          <input name="applicantName" maxLength={300} autoComplete="off" />
        </label>
        <label class={styles.field}>
          {t("files.applicantAddress")}
          <input name="applicantAddress" maxLength={500} autoComplete="off" />
        </label>
        <label class={styles.field}>
          {t("files.applicantPhone")}
          <input name="applicantPhone" type="tel" maxLength={30} autoComplete="off" />
          {err("applicantPhone")}
        </label>
        <label class={styles.field}>
          {t("files.applicantEmail")}
          <input name="applicantEmail" type="email" maxLength={200} autoComplete="off" />
          {err("applicantEmail")}
        </label>
        <label class={styles.field}>
          {t("files.new.code")}
          <input name="code" maxLength={60} pattern="[0-9A-Za-z._/\-]{3,60}" autoComplete="off" />
          {err("code")}
        </label>
        {error !== null && Object.keys(fieldErrors).length === 0 && <FilesError error={error} />}
        <div>
          <button type="submit" class="button" disabled={busy || !procedureId}>
            {t("files.new.save")}
          </button>
        </div>
      </form>
    </div>
  );
}
