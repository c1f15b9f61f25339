import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { DEFAULT_SIGNER_TITLE, LETTER_FORMS, type LetterForm } from "../../../schema/api/files";
import { ApiProblem } from "../../api/errors";
import { getFile, getFileSettings, issueApologyLetter } from "../../api/files";
import { Loading } from "../../components/Status";
import { lang, t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { FilesError, FilesNav, fromVietnamInput, toVietnamInput } from "./FileBits";
import styles from "./Files.module.css";

/** Writing the apology letter of a late file, with its one new return date (/staff/files/:id/apology). */
export default function ApologyFormPage() {
  useDocumentTitle(t("files.apology.title"));
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id ?? "";
  const [data, retry] = useResource(
    async (signal) => {
      const [file, settings] = await Promise.all([getFile(id, { signal }), getFileSettings({ signal })]);
      return { file, settings };
    },
    [id],
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (data.status === "loading") return <Loading />;
  if (data.status === "error") return <FilesError error={data.error} onRetry={retry} />;
  const { file, settings } = data.data;

  const submit = async (event: Event) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? "").trim() || undefined;
    setBusy(true);
    setError(null);
    try {
      await issueApologyLetter(file.id, {
        reason: String(f.get("reason") ?? ""),
        newDueAt: fromVietnamInput(`${text("newDate")}T${text("newTime") ?? "17:00"}`),
        form: text("form") as LetterForm | undefined,
        addresseeName: text("addresseeName"),
        addresseeAddress: text("addresseeAddress"),
        applicantIdentifier: text("applicantIdentifier"),
        signerTitle: text("signerTitle"),
        signerName: text("signerName"),
      });
      route(`/staff/files/${file.id}/apology/print`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const fieldErrors = error instanceof ApiProblem ? error.fieldErrors() : {};
  const err = (name: string) => (fieldErrors[name] ? <span class={styles.fieldError}>{fieldErrors[name]}</span> : null);
  const minDate = toVietnamInput(file.dueAt).slice(0, 10);

  return (
    <div class={styles.wide}>
      <h1 id="page-title">{t("files.apology.title")}</h1>
      <FilesNav />
      <p>
        <a href={`/staff/files/${file.id}`}>
          {t("files.code")} {file.code}
        </a>{" "}
        – <span lang="vi">{file.procedure.name}</span>
      </p>
      <p>{t("files.apology.originalDue", { date: formatDateTime(file.dueAt) })}</p>
      {file.apology ? (
        <p class={styles.notice}>
          {t("files.apology.exists", { number: file.apology.numberText })}{" "}
          <a href={`/staff/files/${file.id}/apology/print`}>{t("files.detail.viewApology")}</a>
        </p>
      ) : !file.canIssueApology ? (
        <p class={styles.notice}>{t("files.apology.notNeeded")}</p>
      ) : (
        <form class={styles.form} onSubmit={submit}>
          <p class={styles.notice}>{t("files.apology.once")}</p>
          <fieldset class={styles.choices}>
            <legend>{t("files.apology.form")}</legend>
            {(Object.keys(LETTER_FORMS) as LetterForm[]).map((key) => (
              <label key={key} class={styles.choice}>
                <input type="radio" name="form" value={key} defaultChecked={key === settings.letterForm} />
                <span>
                  <span lang="vi">{LETTER_FORMS[key].title}</span>
                  <br />
                  <span class="muted">{lang.value === "en" ? LETTER_FORMS[key].labelEn : LETTER_FORMS[key].label}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <label class={styles.field}>
            {t("files.apology.reason")}
            <textarea name="reason" required minLength={5} maxLength={2000} />
            {err("reason")}
          </label>
          <div class={styles.filters}>
            <label class={styles.field}>
              {t("files.apology.newDate")}
              <input type="date" name="newDate" required min={minDate} />
            </label>
            <label class={styles.field}>
              {t("files.apology.newTime")}
              <input type="time" name="newTime" defaultValue="17:00" required />
            </label>
          </div>
          {err("newDueAt")}
          <label class={styles.field}>
            {t("files.apology.addressee")}
            <input name="addresseeName" defaultValue={file.applicantName ?? ""} required maxLength={300} />
            {err("addresseeName")}
          </label>
          <label class={styles.field}>
            {t("files.apology.address")}
            <input name="addresseeAddress" defaultValue={file.applicantAddress ?? ""} maxLength={500} />
          </label>
          <label class={styles.field}>
            {t("files.apology.identifier")}
            <input name="applicantIdentifier" maxLength={20} pattern="[0-9A-Za-z\-]{0,20}" autoComplete="off" />
            {err("applicantIdentifier")}
          </label>
          <label class={styles.field}>
            {t("files.apology.signerTitle")}
            <input name="signerTitle" defaultValue={settings.signerTitle ?? DEFAULT_SIGNER_TITLE} maxLength={200} />
          </label>
          <label class={styles.field}>
            {t("files.apology.signerName")}
            <input name="signerName" defaultValue={settings.signerName ?? ""} maxLength={200} />
          </label>
          {error !== null && Object.keys(fieldErrors).length === 0 && <FilesError error={error} />}
          <div>
            <button type="submit" class="button" disabled={busy}>
              {t("files.apology.issue")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
