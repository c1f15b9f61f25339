import "../../i18n/cases";
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { type CaseStatus, type CaseStatusView, normaliseTrackingSecret } from "../../../schema/api/cases";
import {
  downloadCitizenAttachment,
  getCaseStatus,
  rateCaseAnswer,
  saveBlob,
  uploadCitizenAttachment,
} from "../../api/cases";
import { ApiProblem } from "../../api/errors";
import { describeError, ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate, formatDateTime } from "../../lib/format";
import { currentAgency } from "../../state/agency";
import { useResource } from "../../state/resource";
import {
  actionLabel,
  DueBadge,
  formatIsoDate,
  KindBadge,
  StatusBadge,
  statusLabel,
  stepLabel,
} from "../cases/CaseBits";
import { TextArea, TextField } from "../cases/Field";
import form from "../cases/Form.module.css";
import styles from "./Petition.module.css";

const STORE = "hailong.case.";

function storedSecret(code: string): string | null {
  try {
    return sessionStorage.getItem(STORE + code);
  } catch {
    return null;
  }
}

function storeSecret(code: string, secret: string): void {
  try {
    sessionStorage.setItem(STORE + code, secret);
  } catch {
    // private mode: the secret lives only in this page's state
  }
}

/**
 * /tra-cuu and /tra-cuu/:code — the citizen follows a case with its tracking code and secret.
 * A link from the receipt carries the secret in the fragment (#ma=…), which never reaches a
 * server; the page keeps it for the tab's session and removes it from the address.
 */
export default function StatusPage({ code }: { code?: string }) {
  useDocumentTitle(t("cases.status.title"));
  const { route } = useLocation();
  const normalisedCode = code ? decodeURIComponent(code).trim().toUpperCase() : "";
  const [secret, setSecret] = useState<string | null>(() => {
    if (!normalisedCode) return null;
    const fromHash = new URLSearchParams(location.hash.slice(1)).get("ma");
    if (fromHash) {
      const s = normaliseTrackingSecret(fromHash);
      storeSecret(normalisedCode, s);
      history.replaceState(history.state, "", location.pathname + location.search);
      return s;
    }
    return storedSecret(normalisedCode);
  });

  if (!normalisedCode || !secret) {
    return (
      <LookupForm
        initialCode={normalisedCode}
        onLookup={(c, s) => {
          storeSecret(c, s);
          if (c === normalisedCode) setSecret(s);
          else route(`/tra-cuu/${encodeURIComponent(c)}`);
        }}
      />
    );
  }
  return (
    <CaseStatusLoader
      code={normalisedCode}
      secret={secret}
      onWrongSecret={() => {
        setSecret(null);
      }}
    />
  );
}

function LookupForm({
  initialCode,
  onLookup,
  error,
}: {
  initialCode: string;
  onLookup: (code: string, secret: string) => void;
  error?: unknown;
}) {
  const [code, setCode] = useState(initialCode);
  const [secret, setSecretText] = useState("");
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t("cases.status.title")}</h1>
      <p>{t("cases.status.lookup.lead")}</p>
      {error !== undefined && <ErrorNotice error={error} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const c = code.trim().toUpperCase();
          if (c && secret.trim()) onLookup(c, normaliseTrackingSecret(secret));
        }}
      >
        <TextField
          id="code"
          label={t("cases.status.lookup.code")}
          hint={t("cases.status.lookup.codeHint")}
          value={code}
          onInput={setCode}
          required
          autoComplete="off"
        />
        <TextField
          id="secret"
          label={t("cases.status.lookup.secret")}
          hint={t("cases.status.lookup.secretHint")}
          value={secret}
          onInput={setSecretText}
          required
          autoComplete="off"
        />
        <button type="submit" class="button">
          {t("cases.status.lookup.submit")}
        </button>
      </form>
      <CitizenLinks />
    </section>
  );
}

function CaseStatusLoader({
  code,
  secret,
  onWrongSecret,
}: {
  code: string;
  secret: string;
  onWrongSecret: () => void;
}) {
  const [state, retry] = useResource((signal) => getCaseStatus(code, secret, { signal }), [code, secret]);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") {
    if (state.error instanceof ApiProblem && state.error.status === 404) {
      return (
        <LookupForm
          initialCode={code}
          error={state.error}
          onLookup={(c, s) => {
            storeSecret(c, s);
            onWrongSecret();
            location.assign(`/tra-cuu/${encodeURIComponent(c)}`);
          }}
        />
      );
    }
    return <ErrorNotice error={state.error} onRetry={retry} />;
  }
  return <StatusDetails view={state.data} secret={secret} reload={retry} />;
}

const PROGRESS: Record<"petition" | "other", CaseStatus[]> = {
  petition: ["received", "accepted", "in_progress", "answered", "published", "closed"],
  other: ["received", "accepted", "in_progress", "answered", "closed"],
};

function progressIndex(status: CaseStatus, steps: CaseStatus[]): number {
  if (status === "assigned") return steps.indexOf("in_progress");
  return steps.indexOf(status);
}

function StatusDetails({ view, secret, reload }: { view: CaseStatusView; secret: string; reload: () => void }) {
  const steps = PROGRESS[view.kind === "petition" ? "petition" : "other"];
  const ended = view.status === "rejected" || view.status === "forwarded";
  // Once closed, every step is done; otherwise the current one is highlighted.
  const at = view.status === "closed" ? steps.length : progressIndex(view.status, steps);
  useEffect(() => {
    currentAgency.value = {
      code: view.agency.code,
      name: view.agency.name,
      shortName: null,
      address: null,
      hotline: view.agency.hotline,
      email: null,
      website: null,
      satisfactionTarget: 0,
      leaders: [],
    };
    return () => {
      currentAgency.value = null;
    };
  }, [view.agency.code, view.agency.name, view.agency.hotline]);
  return (
    <article aria-labelledby="page-title">
      <div class={styles.header}>
        <KindBadge kind={view.kind} />
        <StatusBadge status={view.status} />
      </div>
      <h1 id="page-title" lang="vi">
        {view.title}
      </h1>
      <dl class={styles.facts}>
        <div>
          <dt>{t("cases.receipt.code")}</dt>
          <dd>{view.code}</dd>
        </div>
        <div>
          <dt>{t("cases.status.receivedAt")}</dt>
          <dd>{formatDate(view.receivedAt)}</dd>
        </div>
        {view.handlingUnit && (
          <div>
            <dt>{t("cases.status.unit")}</dt>
            <dd lang="vi">{view.handlingUnit.name}</dd>
          </div>
        )}
        {view.forwardedTo && (
          <div>
            <dt>{t("cases.status.forwardedTo")}</dt>
            <dd lang="vi">{view.forwardedTo}</dd>
          </div>
        )}
        {view.current && (
          <div>
            <dt>{t("cases.status.current")}</dt>
            <dd>
              {stepLabel(view.current.step)} –{" "}
              <DueBadge
                due={{
                  step: view.current.step,
                  dueOn: view.current.dueOn,
                  dueAt: "",
                  legalBasis: view.current.legalBasis,
                  confidence: null,
                  period: null,
                  dayType: null,
                  state: view.paused ? "paused" : "ok",
                }}
              />
            </dd>
          </div>
        )}
      </dl>
      {view.paused && <p class={form.notice}>{t("cases.status.paused")}</p>}

      {!ended && (
        <section aria-labelledby="progress-title">
          <h2 id="progress-title">{t("cases.status.progress")}</h2>
          <ol class={styles.progress}>
            {steps.map((s, i) => (
              <li
                key={s}
                class={i < at ? styles.done : i === at ? styles.current : undefined}
                aria-current={i === at ? "step" : undefined}
              >
                {statusLabel(s)}
              </li>
            ))}
          </ol>
        </section>
      )}

      {view.answer && <AnswerBlock view={view} secret={secret} />}
      {view.answer && <RatingBlock view={view} secret={secret} onRated={reload} />}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("cases.status.timeline")}</h2>
        <ol class={styles.timeline}>
          {[...view.timeline].reverse().map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <span class={styles.when}>{formatDateTime(e.at)}</span>
              <span class={styles.what}>{actionLabel(e.action)}</span>
              {e.notice && <span lang="vi">{e.notice}</span>}
            </li>
          ))}
        </ol>
      </section>

      {view.attachments.canAdd && <AddFiles view={view} secret={secret} onAdded={reload} />}
      {view.agency.hotline && <p class="muted">{t("cases.status.hotline", { hotline: view.agency.hotline })}</p>}
      <CitizenLinks agencyCode={view.agency.code} />
    </article>
  );
}

function AnswerBlock({ view, secret }: { view: CaseStatusView; secret: string }) {
  const answer = view.answer;
  const [error, setError] = useState<unknown>(null);
  if (!answer) return null;
  return (
    <section aria-labelledby="answer-title" class={styles.answer}>
      <h2 id="answer-title">{t("cases.status.answer")}</h2>
      {answer.documentNumber && (
        <p>
          <strong>{t("cases.status.documentNumber", { number: answer.documentNumber })}</strong>
          {answer.documentDate && <> {t("cases.status.documentDate", { date: formatIsoDate(answer.documentDate) })}</>}
        </p>
      )}
      <p class={styles.answerBody} lang="vi">
        {answer.body}
      </p>
      <p class="muted">{t("cases.status.answeredAt", { when: formatDateTime(answer.answeredAt) })}</p>
      {answer.attachments.length > 0 && (
        <ul class={form.files}>
          {answer.attachments.map((a) => (
            <li key={a.id}>
              <span class={form.fileName}>{a.name}</span>
              <button
                type="button"
                class={form.linkButton}
                onClick={async () => {
                  try {
                    saveBlob(await downloadCitizenAttachment(view.code, secret, a.id), a.name);
                  } catch (err) {
                    setError(err);
                  }
                }}
              >
                {t("cases.status.download", { name: a.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </section>
  );
}

function RatingBlock({ view, secret, onRated }: { view: CaseStatusView; secret: string; onRated: () => void }) {
  const [choice, setChoice] = useState<boolean | null>(null);
  const [comment, setComment] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (view.rating) {
    return (
      <p class={form.notice} role="status">
        {t("cases.status.rate.thanks", {
          rating: view.rating.satisfied ? t("cases.status.rate.satisfied") : t("cases.status.rate.unsatisfied"),
        })}
      </p>
    );
  }
  if (!view.canRate) return null;
  return (
    <section aria-labelledby="rate-title">
      <h2 id="rate-title">{t("cases.status.rate.title")}</h2>
      <div class={styles.rating}>
        {([true, false] as const).map((value) => (
          <button
            key={String(value)}
            type="button"
            class={`button button-secondary ${styles.choiceButton}`}
            aria-pressed={choice === value}
            onClick={() => setChoice(value)}
          >
            {value ? t("cases.status.rate.satisfied") : t("cases.status.rate.unsatisfied")}
          </button>
        ))}
      </div>
      {choice !== null && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setSending(true);
            setError(null);
            try {
              await rateCaseAnswer(view.code, secret, { satisfied: choice, ...(comment.trim() ? { comment } : {}) });
              onRated();
            } catch (err) {
              setError(err);
            } finally {
              setSending(false);
            }
          }}
        >
          <TextArea
            id="rating-comment"
            label={t("cases.status.rate.comment")}
            value={comment}
            onInput={setComment}
            rows={3}
            maxLength={2000}
          />
          <button type="submit" class="button" disabled={sending}>
            {t("cases.status.rate.send")}
          </button>
        </form>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </section>
  );
}

function AddFiles({ view, secret, onAdded }: { view: CaseStatusView; secret: string; onAdded: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const left = view.attachments.maxFiles - view.attachments.count;
  useEffect(() => setMessage(null), [view.attachments.count]);
  return (
    <section aria-labelledby="add-files-title">
      <h2 id="add-files-title">{t("cases.status.addFiles")}</h2>
      <p id="add-files-hint" class={form.hint}>
        {t("cases.status.addFilesHint", { left, max: view.attachments.maxFiles })}
      </p>
      <label for="add-files" class={form.label}>
        {t("cases.intake.files.choose")}
      </label>
      <input
        id="add-files"
        ref={input}
        class={form.fileInput}
        type="file"
        multiple
        aria-describedby="add-files-hint"
        onChange={async (e) => {
          const files = Array.from(e.currentTarget.files ?? []).slice(0, left);
          for (const file of files) {
            try {
              await uploadCitizenAttachment(view.code, secret, file);
              setMessage(t("cases.receipt.uploaded", { name: file.name }));
            } catch (err) {
              setMessage(
                t("cases.receipt.uploadFailed", {
                  name: file.name,
                  reason: describeError(err).detail ?? describeError(err).title,
                }),
              );
            }
          }
          if (input.current) input.current.value = "";
          onAdded();
        }}
      />
      {message && <p role="status">{message}</p>}
    </section>
  );
}

export function CitizenLinks({ agencyCode }: { agencyCode?: string }) {
  if (!agencyCode) return null;
  return (
    <nav class={styles.links} aria-label={t("cases.status.title")}>
      <a href={`/gop-y?co-quan=${encodeURIComponent(agencyCode)}`}>{t("cases.link.intake")}</a>
      <a href={`/tra-loi?co-quan=${encodeURIComponent(agencyCode)}`}>{t("cases.link.published")}</a>
    </nav>
  );
}
