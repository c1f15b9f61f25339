import "../../i18n/cases";
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { CaseKind, IntakeOptions, IntakeReceipt, IntakeRequest } from "../../../schema/api/cases";
import { fileCase, getIntakeOptions, listCaseAgencies, uploadCitizenAttachment } from "../../api/cases";
import { ApiProblem } from "../../api/errors";
import { AgencyContacts } from "../../components/AgencyContacts";
import { describeError, ErrorNotice, Loading } from "../../components/Status";
import { lang, t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { currentAgency } from "../../state/agency";
import { useResource } from "../../state/resource";
import { formatIsoDate, kindLabel } from "../cases/CaseBits";
import { Checkbox, SelectField, TextArea, TextField } from "../cases/Field";
import form from "../cases/Form.module.css";
import styles from "./Petition.module.css";

const KINDS: CaseKind[] = ["petition", "complaint", "denunciation"];
const ACCEPT = ".jpg,.jpeg,.png,.webp,.heic,.heif,.pdf,.doc,.docx,.xls,.xlsx,.odt,.ods";

/**
 * /gop-y: a citizen sends a petition, complaint or denunciation. Opened from a counter's QR
 * page (?quay=<counter>) or on its own (?co-quan=<agency code>, else a list of agencies).
 */
export default function IntakePage() {
  const { query } = useLocation();
  const counter = query.quay;
  const agency = query["co-quan"];
  useDocumentTitle(t("cases.intake.title"));
  if (!counter && !agency) return <AgencyChooser />;
  return <IntakeLoader counter={counter} agency={agency} />;
}

function AgencyChooser() {
  const [state, retry] = useResource((signal) => listCaseAgencies({ signal }), []);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorNotice error={state.error} onRetry={retry} />;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t("cases.intake.title")}</h1>
      <h2>{t("cases.intake.chooseAgency")}</h2>
      {state.data.agencies.length === 0 ? (
        <p>{t("cases.intake.noAgencies")}</p>
      ) : (
        <ul class={styles.linkList}>
          {state.data.agencies.map((a) => (
            <li key={a.code}>
              <a class={styles.bigLink} href={`/gop-y?co-quan=${encodeURIComponent(a.code)}`} lang="vi">
                {a.name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function IntakeLoader({ counter, agency }: { counter?: string | undefined; agency?: string | undefined }) {
  const [state, retry] = useResource(
    (signal) => getIntakeOptions(counter ? { counter } : { agency: agency as string }, { signal }),
    [counter, agency],
  );
  const options = state.status === "ready" ? state.data : null;
  useEffect(() => {
    currentAgency.value = options?.agency ?? null;
    return () => {
      currentAgency.value = null;
    };
  }, [options]);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorNotice error={state.error} onRetry={retry} />;
  return <IntakeForm options={state.data} />;
}

interface Filer {
  type: "individual" | "organisation";
  fullName: string;
  organisation: string;
  address: string;
  phone: string;
  email: string;
}

type UploadState = { name: string; state: "waiting" | "uploading" | "done" | "failed"; reason?: string };

function IntakeForm({ options }: { options: IntakeOptions }) {
  const [kind, setKind] = useState<CaseKind | null>(null);
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [procedureId, setProcedureId] = useState("");
  const [fileCode, setFileCode] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  const [filer, setFiler] = useState<Filer>({
    type: "individual",
    fullName: "",
    organisation: "",
    address: "",
    phone: "",
    email: "",
  });
  const [files, setFiles] = useState<File[]>([]);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [receipt, setReceipt] = useState<IntakeReceipt | null>(null);
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const receiptRef = useRef<HTMLHeadingElement>(null);

  const { attachments } = options;
  const maxMb = Math.round((attachments.maxBytes / 1024 / 1024) * 10) / 10;
  const needsIdentity = kind !== null && kind !== "petition";
  const canBeAnonymous = kind === "petition" && options.allowAnonymousPetitions;
  const withIdentity = !(canBeAnonymous && anonymous);
  const consentText = options.consent[lang.value];

  useEffect(() => {
    if (receipt) receiptRef.current?.focus();
  }, [receipt]);

  const setFilerField = (key: keyof Filer) => (value: string) => setFiler((f) => ({ ...f, [key]: value }));

  function chooseFiles(list: FileList | null) {
    const problems: string[] = [];
    const next = [...files];
    for (const file of Array.from(list ?? [])) {
      const ext = file.name.split(".").pop()?.toLowerCase() ?? "";
      if (!attachments.extensions.includes(ext)) problems.push(t("cases.intake.files.badType", { name: file.name }));
      else if (file.size > attachments.maxBytes)
        problems.push(t("cases.intake.files.tooBig", { name: file.name, size: maxMb }));
      else if (next.length >= attachments.maxFiles)
        problems.push(t("cases.intake.files.tooMany", { max: attachments.maxFiles }));
      else next.push(file);
    }
    setFiles(next);
    setFileErrors(problems);
  }

  async function submit(event: Event) {
    event.preventDefault();
    setFailure(null);
    if (!kind) {
      setErrors({ kind: t("cases.intake.kindRequired") });
      summaryRef.current?.focus();
      return;
    }
    const body: IntakeRequest = {
      agencyCode: options.agency.code,
      ...(options.counter ? { counterCode: options.counter.publicCode } : {}),
      kind,
      title: title.trim(),
      content: content.trim(),
      ...(procedureId ? { procedureId } : {}),
      ...(fileCode.trim() ? { fileCode: fileCode.trim() } : {}),
      anonymous: !withIdentity,
      ...(withIdentity
        ? {
            filer: {
              type: filer.type,
              fullName: filer.fullName,
              ...(filer.type === "organisation" && filer.organisation ? { organisation: filer.organisation } : {}),
              ...(filer.address ? { address: filer.address } : {}),
              ...(filer.phone ? { phone: filer.phone } : {}),
              ...(filer.email ? { email: filer.email } : {}),
            },
            ...(consent ? { consent: { accepted: true as const, version: options.consent.version } } : {}),
          }
        : {}),
    };
    setSubmitting(true);
    try {
      const result = await fileCase(body);
      setErrors({});
      setReceipt(result);
      await uploadAll(result);
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 422) {
        setErrors(err.fieldErrors());
        setFailure(null);
      } else {
        setFailure(err);
      }
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setSubmitting(false);
    }
  }

  async function uploadAll(result: IntakeReceipt) {
    const states: UploadState[] = files.map((f) => ({ name: f.name, state: "waiting" }));
    setUploads([...states]);
    for (const [i, file] of files.entries()) {
      states[i] = { name: file.name, state: "uploading" };
      setUploads([...states]);
      try {
        await uploadCitizenAttachment(result.code, result.secret, file);
        states[i] = { name: file.name, state: "done" };
      } catch (err) {
        states[i] = { name: file.name, state: "failed", reason: describeError(err).detail ?? describeError(err).title };
      }
      setUploads([...states]);
    }
  }

  if (receipt) return <Receipt receipt={receipt} uploads={uploads} headingRef={receiptRef} />;

  const errorCount = Object.keys(errors).length;
  return (
    <article aria-labelledby="page-title">
      <h1 id="page-title">{t("cases.intake.title")}</h1>
      {options.counter && (
        <p class="muted">
          <span lang="vi">
            {t("cases.intake.fromCounter", { counter: options.counter.name, unit: options.counter.unitName })}
          </span>
        </p>
      )}
      <p>{t("cases.intake.lead")}</p>

      <div ref={summaryRef} tabIndex={-1} aria-live="polite">
        {errorCount > 0 && (
          <div class={form.errorSummary} role="alert">
            {t("cases.intake.errorSummary")}
            <ul>
              {Object.entries(errors).map(([path, message]) => (
                <li key={path}>{message}</li>
              ))}
            </ul>
          </div>
        )}
        {failure !== null && <ErrorNotice error={failure} />}
      </div>

      <form class={form.block} onSubmit={submit} noValidate>
        <fieldset class={form.fieldset} aria-describedby={errors.kind ? "kind-error" : undefined}>
          <legend class={form.legend}>{t("cases.intake.kind.legend")}</legend>
          {errors.kind && (
            <p id="kind-error" class={form.error}>
              {errors.kind}
            </p>
          )}
          <div class={form.choices}>
            {KINDS.map((k) => (
              <label key={k} class={form.choice}>
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={kind === k}
                  aria-describedby={`kind-${k}-hint`}
                  onChange={() => {
                    setKind(k);
                    setErrors(({ kind: _drop, ...rest }) => rest);
                  }}
                />
                <span>
                  <span class={form.choiceTitle}>{kindLabel(k)}</span>
                  <span id={`kind-${k}-hint`} class={form.choiceHint}>
                    {t(`cases.intake.kind.${k}.hint`)}
                  </span>
                </span>
              </label>
            ))}
          </div>
          <details class={form.details}>
            <summary>{t("cases.intake.helper.summary")}</summary>
            <ul>
              <li>{t("cases.intake.helper.q1")}</li>
              <li>{t("cases.intake.helper.q2")}</li>
              <li>{t("cases.intake.helper.q3")}</li>
            </ul>
            <p class="muted">{t("cases.intake.helper.note")}</p>
          </details>
        </fieldset>

        <fieldset class={form.fieldset}>
          <legend class={form.legend}>{t("cases.intake.content.legend")}</legend>
          <TextField
            id="title"
            label={t("cases.intake.titleLabel")}
            hint={t("cases.intake.titleHint")}
            value={title}
            onInput={setTitle}
            error={errors.title}
            required
            maxLength={300}
          />
          <TextArea
            id="content"
            label={t("cases.intake.contentLabel")}
            hint={t("cases.intake.contentHint")}
            value={content}
            onInput={setContent}
            error={errors.content}
            required
            rows={8}
            maxLength={20000}
          />
          {options.procedures.length > 0 && (
            <SelectField
              id="procedureId"
              label={
                <>
                  {t("cases.intake.procedureLabel")} <span class="muted">{t("cases.intake.optional")}</span>
                </>
              }
              value={procedureId}
              onChange={setProcedureId}
              error={errors.procedureId}
              options={[
                { value: "", label: t("cases.intake.procedureNone") },
                ...options.procedures.map((p) => ({ value: p.id, label: p.name, lang: "vi" })),
              ]}
            />
          )}
          <TextField
            id="fileCode"
            label={
              <>
                {t("cases.intake.fileCodeLabel")} <span class="muted">{t("cases.intake.optional")}</span>
              </>
            }
            hint={t("cases.intake.fileCodeHint")}
            value={fileCode}
            onInput={setFileCode}
            error={errors.fileCode}
            maxLength={60}
          />
        </fieldset>

        <fieldset class={form.fieldset}>
          <legend class={form.legend}>{t("cases.intake.filer.legend")}</legend>
          {needsIdentity && <p class={form.notice}>{t("cases.intake.filer.required")}</p>}
          {kind === "denunciation" && <p class={form.notice}>{t("cases.intake.filer.secret")}</p>}
          {canBeAnonymous && (
            <Checkbox
              id="anonymous"
              label={t("cases.intake.anonymous")}
              checked={anonymous}
              onChange={setAnonymous}
              error={errors.anonymous}
            />
          )}
          {withIdentity && (
            <>
              <SelectField
                id="filerType"
                label={t("cases.intake.filerType")}
                value={filer.type}
                onChange={(v) => setFiler((f) => ({ ...f, type: v as Filer["type"] }))}
                options={[
                  { value: "individual", label: t("cases.intake.filerType.individual") },
                  { value: "organisation", label: t("cases.intake.filerType.organisation") },
                ]}
              />
              {filer.type === "organisation" && (
                <TextField
                  id="organisation"
                  label={t("cases.intake.organisation")}
                  value={filer.organisation}
                  onInput={setFilerField("organisation")}
                  error={errors["filer.organisation"]}
                  autoComplete="organization"
                />
              )}
              <TextField
                id="fullName"
                label={t("cases.intake.fullName")}
                value={filer.fullName}
                onInput={setFilerField("fullName")}
                error={errors["filer.fullName"]}
                required
                autoComplete="name"
              />
              <TextField
                id="address"
                label={
                  <>
                    {t("cases.intake.address")}{" "}
                    <span class="muted">{needsIdentity ? t("cases.intake.required") : t("cases.intake.optional")}</span>
                  </>
                }
                value={filer.address}
                onInput={setFilerField("address")}
                error={errors["filer.address"]}
                required={needsIdentity}
                autoComplete="street-address"
              />
              <TextField
                id="phone"
                type="tel"
                label={t("cases.intake.phone")}
                hint={t("cases.intake.contactHint")}
                value={filer.phone}
                onInput={setFilerField("phone")}
                error={errors["filer.phone"]}
                autoComplete="tel"
                inputMode="tel"
              />
              <TextField
                id="email"
                type="email"
                label={t("cases.intake.email")}
                value={filer.email}
                onInput={setFilerField("email")}
                error={errors["filer.email"]}
                autoComplete="email"
              />
            </>
          )}
        </fieldset>

        <fieldset class={form.fieldset}>
          <legend class={form.legend}>{t("cases.intake.files.legend")}</legend>
          <p id="files-hint" class={form.hint}>
            {t("cases.intake.files.hint", { max: attachments.maxFiles, size: maxMb })}
          </p>
          {kind === "denunciation" && <p class={form.notice}>{t("cases.intake.files.identifying")}</p>}
          {/* The browser's own file button speaks the browser's language: a labelled button instead. */}
          <input
            id="files"
            class={form.fileHidden}
            type="file"
            multiple
            accept={ACCEPT}
            aria-describedby="files-hint"
            onChange={(e) => {
              chooseFiles(e.currentTarget.files);
              e.currentTarget.value = "";
            }}
          />
          <label for="files" class={`button button-secondary ${form.fileButton}`}>
            {t("cases.intake.files.choose")}
          </label>
          {fileErrors.map((message) => (
            <p key={message} class={form.error} role="alert">
              {message}
            </p>
          ))}
          {files.length > 0 && (
            <ul class={form.files}>
              {files.map((file, i) => (
                <li key={`${file.name}-${i}`}>
                  <span class={form.fileName}>{file.name}</span>
                  <button
                    type="button"
                    class={form.linkButton}
                    aria-label={t("cases.intake.files.remove", { name: file.name })}
                    onClick={() => setFiles(files.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        {withIdentity && (
          <fieldset class={form.fieldset}>
            <legend class={form.legend}>{t("cases.intake.consent.legend")}</legend>
            <p id="consent-text" class={form.consentText} lang={lang.value}>
              {consentText}
            </p>
            <Checkbox
              id="consent"
              label={t("cases.intake.consent.label")}
              checked={consent}
              onChange={(v) => {
                setConsent(v);
                if (v) setErrors(({ "consent.accepted": _fixed, ...rest }) => rest);
              }}
              error={errors["consent.accepted"]}
              describedBy="consent-text"
            />
          </fieldset>
        )}

        <div class={form.actions}>
          <button type="submit" class="button" disabled={submitting}>
            {submitting ? t("cases.intake.submitting") : t("cases.intake.submit")}
          </button>
        </div>
      </form>
      <AgencyContacts agency={options.agency} />
    </article>
  );
}

function Receipt({
  receipt,
  uploads,
  headingRef,
}: {
  receipt: IntakeReceipt;
  uploads: UploadState[];
  headingRef: { current: HTMLHeadingElement | null };
}) {
  const statusHref = `/tra-cuu/${encodeURIComponent(receipt.code)}#ma=${encodeURIComponent(receipt.secret)}`;
  return (
    <section aria-labelledby="receipt-title" class={styles.receipt}>
      <h1 id="receipt-title" ref={headingRef} tabIndex={-1}>
        {t("cases.receipt.title")}
      </h1>
      <p class={form.notice}>{t("cases.receipt.keep")}</p>
      <dl class={styles.codes}>
        <div>
          <dt>{t("cases.receipt.code")}</dt>
          <dd class={styles.code} data-testid="case-code">
            {receipt.code}
          </dd>
        </div>
        <div>
          <dt>{t("cases.receipt.secret")}</dt>
          <dd class={styles.code} data-testid="case-secret">
            {receipt.secret}
          </dd>
        </div>
        <div>
          <dt>{t("cases.queue.kind")}</dt>
          <dd>{kindLabel(receipt.kind)}</dd>
        </div>
        {receipt.handlingUnit && (
          <div>
            <dt>{t("cases.receipt.unit")}</dt>
            <dd lang="vi">{receipt.handlingUnit.name}</dd>
          </div>
        )}
        {receipt.dueOn && (
          <div>
            <dt>{t("cases.receipt.due")}</dt>
            <dd>{formatIsoDate(receipt.dueOn)}</dd>
          </div>
        )}
      </dl>
      {uploads.length > 0 && (
        <ul class={`${form.files} ${form.block}`} aria-live="polite">
          {uploads.map((u, i) => (
            <li key={`${u.name}-${i}`} data-upload-state={u.state}>
              {u.state === "done"
                ? t("cases.receipt.uploaded", { name: u.name })
                : u.state === "failed"
                  ? t("cases.receipt.uploadFailed", { name: u.name, reason: u.reason ?? "" })
                  : t("cases.receipt.uploading", { name: u.name })}
            </li>
          ))}
        </ul>
      )}
      <div class={form.actions}>
        <a class="button" href={statusHref}>
          {t("cases.receipt.follow")}
        </a>
        <button type="button" class="button button-secondary" onClick={() => location.reload()}>
          {t("cases.receipt.another")}
        </button>
      </div>
    </section>
  );
}
