import "../../i18n/cases";
import { useState } from "preact/hooks";
import type { Me } from "../../../schema/api/accounts";
import type { CaseAction, CaseDetail, CaseIdentity, CasesMeta, TransitionRequest } from "../../../schema/api/cases";
import {
  caseTransition,
  downloadStaffAttachment,
  getCaseIdentity,
  getCasesMeta,
  getStaffCase,
  previewPublication,
  saveBlob,
  saveCaseAnswer,
  uploadAnswerAttachment,
} from "../../api/cases";
import { ApiProblem } from "../../api/errors";
import { ErrorNotice, Loading } from "../../components/Status";
import { type MessageKey, t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { actionLabel, DueBadge, formatIsoDate, KindBadge, StatusBadge, stepLabel } from "./CaseBits";
import styles from "./Cases.module.css";
import { Checkbox, SelectField, TextArea, TextField } from "./Field";
import form from "./Form.module.css";
import { StaffGate } from "./StaffGate";

/** /staff/cases/:id — one case: content, deadlines, identity (when allowed), actions, answer, log. */
export default function CasePage({ id }: { id: string }) {
  return <StaffGate>{(me) => <CaseLoader id={id} me={me} />}</StaffGate>;
}

function CaseLoader({ id, me }: { id: string; me: Me }) {
  const [state, retry] = useResource((signal) => getStaffCase(id, { signal }), [id]);
  const [meta] = useResource((signal) => getCasesMeta({ signal }), []);
  const [replaced, setReplaced] = useState<CaseDetail | null>(null);
  useDocumentTitle(state.status === "ready" ? (replaced ?? state.data).code : t("cases.queue.title"));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorNotice error={state.error} onRetry={retry} />;
  const c = replaced && replaced.id === id ? replaced : state.data;
  return <CaseView c={c} me={me} meta={meta.status === "ready" ? meta.data : null} onChange={setReplaced} />;
}

function CaseView({
  c,
  me,
  meta,
  onChange,
}: {
  c: CaseDetail;
  me: Me;
  meta: CasesMeta | null;
  onChange: (c: CaseDetail) => void;
}) {
  const actions = c.allowedActions.filter((a) => a !== "answer" && a !== "publish");
  return (
    <article aria-labelledby="page-title">
      <a class={styles.back} href="/staff/cases">
        ← {t("cases.case.back")}
      </a>
      <div class={styles.badges}>
        <KindBadge kind={c.kind} />
        <StatusBadge status={c.status} />
        <DueBadge due={c.due} />
      </div>
      <h1 id="page-title">
        <span class={styles.code}>{c.code}</span> <span lang="vi">{c.title}</span>
      </h1>
      {c.due && (
        <p class={styles.basis}>
          {stepLabel(c.due.step)}
          {c.due.legalBasis && <> – {t("cases.case.legalBasis", { basis: c.due.legalBasis })}</>}
        </p>
      )}
      <div class={styles.layout}>
        <section class={styles.panel} aria-labelledby="content-title">
          <h2 id="content-title">{t("cases.case.content")}</h2>
          {c.kind === "denunciation" && !c.identity.canView && (
            <p class={form.notice}>{t("cases.case.redactedNote")}</p>
          )}
          <p class={styles.content} lang="vi">
            {c.content}
          </p>
        </section>
        <ActionPanel c={c} actions={actions} me={me} meta={meta} onChange={onChange} />
        {c.allowedActions.includes("answer") && <AnswerForm c={c} onChange={onChange} />}
        {c.allowedActions.includes("publish") && <PublishForm c={c} onChange={onChange} />}
        {c.answer && !c.allowedActions.includes("answer") && (
          <section class={styles.panel} aria-labelledby="answer-title">
            <h2 id="answer-title">{t("cases.case.answerForm")}</h2>
            {c.answer.documentNumber && <p>{t("cases.status.documentNumber", { number: c.answer.documentNumber })}</p>}
            <p class={styles.content} lang="vi">
              {c.answer.publishedBody ?? c.answer.body}
            </p>
            {c.rating && (
              <p>
                {t("cases.case.rating", {
                  rating: c.rating.satisfied ? t("cases.status.rate.satisfied") : t("cases.status.rate.unsatisfied"),
                })}
              </p>
            )}
          </section>
        )}
        <IdentityPanel c={c} />
        <Attachments c={c} />
        <Details c={c} />
        <Deadlines c={c} />
        <Timeline c={c} />
      </div>
    </article>
  );
}

function Details({ c }: { c: CaseDetail }) {
  return (
    <section class={styles.panel} aria-labelledby="details-title">
      <h2 id="details-title">{t("cases.case.details")}</h2>
      <dl class={styles.facts}>
        <dt>{t("cases.status.receivedAt")}</dt>
        <dd>{formatDateTime(c.receivedAt)}</dd>
        {c.handlingUnit && (
          <>
            <dt>{t("cases.status.unit")}</dt>
            <dd lang="vi">{c.handlingUnit.name}</dd>
          </>
        )}
        {c.channel && (
          <>
            <dt>{t("cases.case.channel")}</dt>
            <dd>{t(`cases.case.channel.${c.channel}` as MessageKey)}</dd>
          </>
        )}
        {c.counter && (
          <>
            <dt>{t("cases.case.counter")}</dt>
            <dd lang="vi">{c.counter.name}</dd>
          </>
        )}
        {c.procedure && (
          <>
            <dt>{t("cases.case.procedure")}</dt>
            <dd lang="vi">
              {c.procedure.nationalCode} – {c.procedure.name}
            </dd>
          </>
        )}
        {c.fileCode && (
          <>
            <dt>{t("cases.case.fileCode")}</dt>
            <dd>{c.fileCode}</dd>
          </>
        )}
        {c.routedBy && (
          <>
            <dt>{t("cases.case.routedBy")}</dt>
            <dd>{t(`cases.case.routedBy.${c.routedBy}` as MessageKey)}</dd>
          </>
        )}
        {c.forwardedTo && (
          <>
            <dt>{t("cases.status.forwardedTo")}</dt>
            <dd lang="vi">{c.forwardedTo}</dd>
          </>
        )}
        <dt>{t("cases.case.assignees")}</dt>
        <dd>{c.assignees.length ? c.assignees.map((a) => a.fullName).join(", ") : t("cases.queue.unassigned")}</dd>
      </dl>
    </section>
  );
}

function IdentityPanel({ c }: { c: CaseDetail }) {
  const [identity, setIdentity] = useState<CaseIdentity | null>(null);
  const [error, setError] = useState<unknown>(null);
  const yes = (v: boolean) => (v ? t("cases.case.yes") : t("cases.case.no"));
  return (
    <section class={styles.panel} aria-labelledby="identity-title">
      <h2 id="identity-title">{t("cases.case.identity")}</h2>
      {!c.identity.present ? (
        <p>{t("cases.case.identity.anonymous")}</p>
      ) : !c.identity.canView ? (
        <>
          <p>{c.kind === "denunciation" ? t("cases.case.identity.hidden") : t("cases.case.identity.hiddenOther")}</p>
          <p class="muted">
            {t("cases.case.identity.contacts", { phone: yes(c.identity.hasPhone), email: yes(c.identity.hasEmail) })}
          </p>
        </>
      ) : identity ? (
        <dl class={styles.facts} data-testid="identity">
          <dt>{t("cases.intake.fullName")}</dt>
          <dd lang="vi">{identity.fullName}</dd>
          {identity.organisation && (
            <>
              <dt>{t("cases.intake.organisation")}</dt>
              <dd lang="vi">{identity.organisation}</dd>
            </>
          )}
          {identity.address && (
            <>
              <dt>{t("cases.intake.address")}</dt>
              <dd lang="vi">{identity.address}</dd>
            </>
          )}
          {identity.phone && (
            <>
              <dt>{t("cases.intake.phone")}</dt>
              <dd>{identity.phone}</dd>
            </>
          )}
          {identity.email && (
            <>
              <dt>{t("cases.intake.email")}</dt>
              <dd>{identity.email}</dd>
            </>
          )}
          {identity.originalContent && (
            <>
              <dt>{t("cases.case.identity.original")}</dt>
              <dd lang="vi" class={styles.content}>
                {identity.originalContent}
              </dd>
            </>
          )}
        </dl>
      ) : (
        <>
          <button
            type="button"
            class="button button-secondary"
            onClick={async () => {
              try {
                setIdentity(await getCaseIdentity(c.id));
              } catch (err) {
                setError(err);
              }
            }}
          >
            {t("cases.case.identity.show")}
          </button>
          <p class="muted">{t("cases.case.identity.logged")}</p>
        </>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </section>
  );
}

function Attachments({ c }: { c: CaseDetail }) {
  const [error, setError] = useState<unknown>(null);
  return (
    <section class={styles.panel} aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t("cases.case.attachments")}</h2>
      {c.attachments.length === 0 ? (
        <p>{t("cases.case.attachments.none")}</p>
      ) : (
        <ul class={form.files}>
          {c.attachments.map((a) =>
            a.redacted ? (
              <li key={a.id}>{t("cases.case.attachments.redacted")}</li>
            ) : (
              <li key={a.id}>
                <span class={form.fileName}>
                  {a.name}
                  {a.forAnswer && <span class="muted"> ({t("cases.case.attachments.answer")})</span>}
                </span>
                <button
                  type="button"
                  class={form.linkButton}
                  onClick={async () => {
                    try {
                      saveBlob(await downloadStaffAttachment(c.id, a.id), a.name);
                    } catch (err) {
                      setError(err);
                    }
                  }}
                >
                  {t("cases.status.download", { name: a.name })}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </section>
  );
}

const NEEDS_REASON: CaseAction[] = ["reject", "forward", "transfer", "extend", "pause"];
const TELLS_CITIZEN: CaseAction[] = ["accept", "reject", "forward", "extend", "pause", "resume", "close"];

function ActionPanel({
  c,
  actions,
  me,
  meta,
  onChange,
}: {
  c: CaseDetail;
  actions: CaseAction[];
  me: Me;
  meta: CasesMeta | null;
  onChange: (c: CaseDetail) => void;
}) {
  const [action, setAction] = useState<CaseAction | "">("");
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState("");
  const [forwardedTo, setForwardedTo] = useState("");
  const [unitId, setUnitId] = useState("");
  const [staffIds, setStaffIds] = useState<string[]>(c.assignees.map((a) => a.id));
  const [complex, setComplex] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const assignable = (meta?.staff ?? []).filter(
    (s) => s.role !== "inspector" || (c.handlingUnit !== null && s.unitIds.includes(c.handlingUnit.id)),
  );

  async function submit(e: Event) {
    e.preventDefault();
    if (!action) return;
    const r = reason.trim() || undefined;
    const n = notice.trim() || undefined;
    let body: TransitionRequest;
    switch (action) {
      case "accept":
        body = { action, reason: r, notice: n, ...(c.kind === "complaint" && complex ? { complex: true } : {}) };
        break;
      case "forward":
        body = { action, reason: r ?? "", notice: n, forwardedTo };
        break;
      case "transfer":
        body = { action, reason: r ?? "", unitId };
        break;
      case "assign":
        body = { action, reason: r, staffIds };
        break;
      case "reject":
      case "extend":
      case "pause":
        body = { action, reason: r ?? "", notice: n };
        break;
      case "resume":
      case "close":
        body = { action, reason: r, notice: n };
        break;
      default:
        body = { action: "start", reason: r };
    }
    setBusy(true);
    setFailure(null);
    try {
      const next = await caseTransition(c.id, body);
      setErrors({});
      setAction("");
      setReason("");
      setNotice("");
      onChange(next);
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 422) setErrors(err.fieldErrors());
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class={styles.panel} aria-labelledby="actions-title">
      <h2 id="actions-title">{t("cases.case.actions")}</h2>
      {actions.length === 0 ? (
        <p>{t("cases.case.actions.none")}</p>
      ) : (
        <form onSubmit={submit}>
          <SelectField
            id="action"
            label={t("cases.case.chooseAction")}
            value={action}
            onChange={(v) => setAction(v as CaseAction)}
            options={[{ value: "", label: "—" }, ...actions.map((a) => ({ value: a, label: actionLabel(a) }))]}
          />
          {action === "accept" && c.kind === "complaint" && (
            <Checkbox id="complex" label={t("cases.case.complex")} checked={complex} onChange={setComplex} />
          )}
          {action === "forward" && (
            <TextField
              id="forwardedTo"
              label={t("cases.case.forwardedTo")}
              value={forwardedTo}
              onInput={setForwardedTo}
              error={errors.forwardedTo}
              required
            />
          )}
          {action === "transfer" && (
            <SelectField
              id="unitId"
              label={t("cases.case.unitTo")}
              value={unitId}
              onChange={setUnitId}
              error={errors.unitId}
              options={[
                { value: "", label: "—" },
                ...(meta?.units ?? [])
                  .filter((u) => u.id !== c.handlingUnit?.id)
                  .map((u) => ({ value: u.id, label: u.name, lang: "vi" })),
              ]}
            />
          )}
          {action === "assign" && (
            <fieldset class={form.fieldset}>
              <legend class={form.legend}>{t("cases.case.staffTo")}</legend>
              {errors.staffIds && <p class={form.error}>{errors.staffIds}</p>}
              <ul class={styles.staffList}>
                {assignable.map((s) => (
                  <li key={s.id}>
                    <Checkbox
                      id={`staff-${s.id}`}
                      label={
                        <span lang="vi">
                          {s.fullName}
                          {s.id === me.staff.id ? " ✓" : ""}
                        </span>
                      }
                      checked={staffIds.includes(s.id)}
                      onChange={(on) => setStaffIds((ids) => (on ? [...ids, s.id] : ids.filter((x) => x !== s.id)))}
                    />
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          {action && action !== "start" && (
            <TextArea
              id="reason"
              label={t("cases.case.reason")}
              hint={t("cases.case.reasonHint")}
              value={reason}
              onInput={setReason}
              error={errors.reason}
              required={NEEDS_REASON.includes(action)}
              rows={3}
            />
          )}
          {action && TELLS_CITIZEN.includes(action) && (
            <TextArea
              id="notice"
              label={t("cases.case.notice")}
              value={notice}
              onInput={setNotice}
              error={errors.notice}
              rows={3}
            />
          )}
          {failure !== null && <ErrorNotice error={failure} />}
          <button type="submit" class="button" disabled={!action || busy}>
            {action ? t("cases.case.do", { action: actionLabel(action) }) : t("cases.case.doNothing")}
          </button>
        </form>
      )}
    </section>
  );
}

function AnswerForm({ c, onChange }: { c: CaseDetail; onChange: (c: CaseDetail) => void }) {
  const [body, setBody] = useState(c.answer?.body ?? "");
  const [documentNumber, setDocumentNumber] = useState(c.answer?.documentNumber ?? "");
  const [documentDate, setDocumentDate] = useState(c.answer?.documentDate ?? "");
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <section class={styles.panel} aria-labelledby="answer-form-title">
      <h2 id="answer-form-title">{t("cases.case.answerForm")}</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setFailure(null);
          setSaved(false);
          try {
            let next = await saveCaseAnswer(c.id, {
              body,
              ...(documentNumber.trim() ? { documentNumber: documentNumber.trim() } : {}),
              ...(documentDate ? { documentDate } : {}),
            });
            for (const file of files) await uploadAnswerAttachment(c.id, file);
            if (files.length) next = await reload(c.id, next);
            setFiles([]);
            setErrors({});
            setSaved(true);
            onChange(next);
          } catch (err) {
            if (err instanceof ApiProblem && err.status === 422) setErrors(err.fieldErrors());
            else setFailure(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextArea
          id="answer-body"
          label={t("cases.case.answerBody")}
          value={body}
          onInput={setBody}
          error={errors.body}
          required
          rows={8}
        />
        <TextField
          id="document-number"
          label={t("cases.case.documentNumber")}
          value={documentNumber}
          onInput={setDocumentNumber}
          error={errors.documentNumber}
        />
        <TextField
          id="document-date"
          type="date"
          label={t("cases.case.documentDate")}
          value={documentDate}
          onInput={setDocumentDate}
          error={errors.documentDate}
        />
        <label for="answer-files" class={form.label}>
          {t("cases.case.answerFiles")}
        </label>
        <input
          id="answer-files"
          class={form.fileInput}
          type="file"
          multiple
          onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))}
        />
        {failure !== null && <ErrorNotice error={failure} />}
        {saved && <p role="status">{t("cases.case.saved")}</p>}
        <button type="submit" class="button" disabled={busy}>
          {t("cases.case.saveAnswer")}
        </button>
      </form>
    </section>
  );
}

async function reload(id: string, fallback: CaseDetail): Promise<CaseDetail> {
  try {
    return await getStaffCase(id);
  } catch {
    return fallback;
  }
}

function PublishForm({ c, onChange }: { c: CaseDetail; onChange: (c: CaseDetail) => void }) {
  const [question, setQuestion] = useState(c.content);
  const [answer, setAnswer] = useState(c.answer?.body ?? "");
  const [count, setCount] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <section class={styles.panel} aria-labelledby="publish-title">
      <h2 id="publish-title">{t("cases.case.publishForm")}</h2>
      <p class="muted">{t("cases.case.publishHint")}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setFailure(null);
          try {
            onChange(
              await caseTransition(c.id, { action: "publish", publishedQuestion: question, publishedAnswer: answer }),
            );
          } catch (err) {
            if (err instanceof ApiProblem && err.status === 422) setErrors(err.fieldErrors());
            else setFailure(err);
          }
        }}
      >
        <TextArea
          id="published-question"
          label={t("cases.case.publishedQuestion")}
          value={question}
          onInput={setQuestion}
          error={errors.publishedQuestion}
          rows={5}
        />
        <TextArea
          id="published-answer"
          label={t("cases.case.publishedAnswer")}
          value={answer}
          onInput={setAnswer}
          error={errors.publishedAnswer}
          rows={6}
        />
        {count !== null && <p role="status">{t("cases.case.previewCount", { count })}</p>}
        {failure !== null && <ErrorNotice error={failure} />}
        <div class={form.actions}>
          <button
            type="button"
            class="button button-secondary"
            onClick={async () => {
              try {
                const preview = await previewPublication(c.id, {
                  publishedQuestion: question,
                  publishedAnswer: answer,
                });
                setQuestion(preview.publishedQuestion);
                setAnswer(preview.publishedAnswer);
                setCount(preview.redactions);
              } catch (err) {
                setFailure(err);
              }
            }}
          >
            {t("cases.case.preview")}
          </button>
          <button type="submit" class="button">
            {t("cases.action.publish")}
          </button>
        </div>
      </form>
    </section>
  );
}

function Deadlines({ c }: { c: CaseDetail }) {
  if (c.deadlines.length === 0) return null;
  return (
    <section class={styles.panel} aria-labelledby="deadlines-title">
      <h2 id="deadlines-title">{t("cases.case.deadlines")}</h2>
      <ul class={styles.log}>
        {c.deadlines.map((d, i) => (
          <li key={`${d.step}-${i}`}>
            {t("cases.case.deadline.row", {
              step: stepLabel(d.step),
              start: formatIsoDate(d.startOn),
              due: formatIsoDate(d.dueOn),
              period: d.period,
              unit: d.dayType === "working" ? t("cases.case.deadline.working") : t("cases.case.deadline.calendar"),
            })}
            {d.outcome && (
              <strong>
                {" "}
                ·{" "}
                {d.outcome === "met"
                  ? d.late
                    ? t("cases.case.deadline.late")
                    : t("cases.case.deadline.met")
                  : t("cases.case.deadline.superseded")}
              </strong>
            )}
            <span class={styles.basisLine} lang="vi">
              {d.legalBasis}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Timeline({ c }: { c: CaseDetail }) {
  return (
    <section class={styles.panel} aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("cases.case.timeline")}</h2>
      <ol class={styles.log}>
        {[...c.events].reverse().map((e) => (
          <li key={e.id}>
            <span class={styles.when}>
              {formatDateTime(e.at)} · <span lang="vi">{e.actor.label}</span>
            </span>
            <strong>{actionLabel(e.action)}</strong>
            {e.public && <span class="muted"> ({t("cases.case.public")})</span>}
            {e.reason && (
              <div>
                {t("cases.case.reason")}: <span lang="vi">{e.reason}</span>
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
