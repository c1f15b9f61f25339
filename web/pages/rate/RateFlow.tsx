import "../../i18n/rate";
import type { Ref } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { RatingSource, SurveyDefinition } from "../../../schema/api/ratings";
import { getSurvey } from "../../api/citizen";
import { ApiProblem } from "../../api/errors";
import { ErrorNotice, Loading } from "../../components/Status";
import { lang, t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import {
  deliveredFromQueue,
  outboxOutcomes,
  outboxPersisted,
  pendingCount,
  retryNow,
  type SubmitResult,
  startOutbox,
  submitRating,
} from "../../state/rating-outbox-live";
import { useResource } from "../../state/resource";
import { buildRequest, type FieldId, fieldOfApiPath, newIdempotencyKey } from "./form-model";
import styles from "./RateFlow.module.css";
import { RateForm } from "./RateForm";

/**
 * One citizen's rating from start to thank-you: loads the survey, shows the form, sends it
 * through the offline outbox, and tells the citizen where the rating stands: "Đã gửi" (sent)
 * or "Đang chờ gửi" (waiting to send, retried automatically), or that the file was already
 * rated. Remount it (a new `key`) for the next citizen: nothing of this one is kept.
 */

export type FlowEnd = "sent" | "pending" | "already-rated" | "rejected";

type Phase =
  | { kind: "form"; busy: boolean; serverErrors: Record<FieldId, string>; outdated: boolean }
  | { kind: "done"; result: SubmitResult; contact: boolean };

export function RateFlow({
  surveyId,
  source,
  onEnd,
}: {
  surveyId: string;
  source: RatingSource;
  /** Called once the citizen sees the end of the flow (a kiosk then starts its reset countdown). */
  onEnd?: (end: FlowEnd) => void;
}) {
  const [survey, retry] = useResource((signal) => getSurvey(surveyId, { signal }), [surveyId]);
  useEffect(() => startOutbox(), []);

  if (survey.status === "loading") {
    // The form is taller than a screen: holding a screen's height while it loads keeps what
    // follows it from jumping (layout shift) when it arrives.
    return (
      <div class={styles.pending}>
        <Loading label={t("rate.loadingSurvey")} />
      </div>
    );
  }
  if (survey.status === "error") return <ErrorNotice error={survey.error} onRetry={retry} />;
  return <Flow def={survey.data} source={source} onEnd={onEnd} />;
}

function Flow({ def, source, onEnd }: { def: SurveyDefinition; source: RatingSource; onEnd?: (end: FlowEnd) => void }) {
  // One key per filled form, reused by every retry of it (docs/api-ratings.md).
  const [key] = useState(newIdempotencyKey);
  const [phase, setPhase] = useState<Phase>({ kind: "form", busy: false, serverErrors: {}, outdated: false });
  const turnstileToken = useTurnstile(def);

  const send = async (body: Parameters<typeof submitRating>[0]) => {
    setPhase({ kind: "form", busy: true, serverErrors: {}, outdated: false });
    const result = await submitRating(body);
    if (result.kind === "rejected" && result.error instanceof ApiProblem && result.error.slug === "validation") {
      const serverErrors: Record<FieldId, string> = {};
      let outdated = false;
      for (const [path, message] of Object.entries(result.error.fieldErrors())) {
        const field = fieldOfApiPath(def, path, body);
        if (field) serverErrors[field] ??= message;
        else outdated = true;
      }
      if (Object.keys(serverErrors).length === 0) outdated = true;
      setPhase({ kind: "form", busy: false, serverErrors, outdated });
      return;
    }
    setPhase({ kind: "done", result, contact: Boolean(body.contact) });
  };

  if (phase.kind === "done") return <Done result={phase.result} contact={phase.contact} ownKey={key} onEnd={onEnd} />;

  return (
    <div class={styles.flow}>
      <OutboxBanner />
      {phase.outdated && (
        <div class={styles.warning} role="alert">
          <p>{t("rate.error.outdated")}</p>
          <button type="button" class="button" onClick={() => location.reload()}>
            {t("rate.reload")}
          </button>
        </div>
      )}
      <RateForm
        def={def}
        busy={phase.busy}
        serverErrors={phase.serverErrors}
        build={(state) => buildRequest(def, state, source, key, turnstileToken.token)}
        onSubmit={(body) => void send(body)}
      />
      {def.turnstileSiteKey && <div ref={turnstileToken.container} class={styles.turnstile} />}
    </div>
  );
}

/** Turnstile only when the deployment configured it (the module is fetched only then). */
function useTurnstile(def: SurveyDefinition) {
  const container = useRef<HTMLDivElement>(null);
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => {
    const siteKey = def.turnstileSiteKey;
    const el = container.current;
    if (!siteKey || !el) return;
    let cleanup: (() => void) | undefined;
    let cancelled = false;
    void import("./turnstile").then((m) => {
      if (!cancelled) cleanup = m.mountTurnstile(el, siteKey, lang.value, setToken);
    });
    return () => {
      cancelled = true;
      cleanup?.();
    };
  }, [def.turnstileSiteKey]);
  return { container, token };
}

/** What earlier ratings waiting in this browser are doing (another visit, another citizen at a kiosk). */
function OutboxBanner() {
  const pending = pendingCount.value;
  const delivered = deliveredFromQueue.value;
  return (
    <div role="status" class={styles.bannerSlot}>
      {pending > 0 && (
        <div class={styles.bannerPending}>
          <p>{t("rate.outbox.pending", { count: pending })}</p>
          <button type="button" class="button button-secondary" onClick={() => void retryNow()}>
            {t("rate.done.retryNow")}
          </button>
        </div>
      )}
      {pending === 0 && delivered > 0 && (
        <p class={styles.bannerSent}>{t("rate.outbox.delivered", { count: delivered })}</p>
      )}
    </div>
  );
}

function Done({
  result,
  contact,
  ownKey,
  onEnd,
}: {
  result: SubmitResult;
  contact: boolean;
  ownKey: string;
  onEnd?: (end: FlowEnd) => void;
}) {
  // A queued rating's later fate (sent when the network came back, or refused) updates this view.
  const later = outboxOutcomes.value.get(ownKey);
  const outcome = result.kind === "queued" ? (later ?? result) : result;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);

  const end: FlowEnd =
    outcome.kind === "sent"
      ? "sent"
      : outcome.kind === "queued" || outcome.kind === "retry"
        ? "pending"
        : outcome.error instanceof ApiProblem && outcome.error.slug === "already-rated"
          ? "already-rated"
          : "rejected";
  const reported = useRef<FlowEnd | null>(null);
  useEffect(() => {
    if (reported.current === null) {
      reported.current = end;
      onEnd?.(end);
    }
  }, [end, onEnd]);

  if (end === "already-rated") return <AlreadyRated headingRef={heading} />;

  if (outcome.kind === "rejected") {
    const error = outcome.error;
    return (
      <div class={styles.done}>
        <h3 ref={heading} tabIndex={-1} class={styles.doneTitle}>
          {t("rate.done.rejectedTitle")}
        </h3>
        <ErrorNotice error={error} />
      </div>
    );
  }

  const sent = outcome.kind === "sent" ? outcome.receipt : null;
  return (
    <div class={styles.done} data-rating-status={sent ? "sent" : "pending"}>
      <h3 ref={heading} tabIndex={-1} class={styles.doneTitle}>
        {t("rate.done.title")}
      </h3>
      <p role="status" class={styles.status}>
        {t("rate.done.status")}{" "}
        <strong class={sent ? styles.pillSent : styles.pillPending}>
          {sent ? t("rate.done.sent") : t("rate.done.pending")}
        </strong>
        <span class={styles.statusBody}>
          {sent
            ? t("rate.done.sentBody", { time: formatDateTime(sent.receivedAt) })
            : t(outboxPersisted.value ? "rate.done.pendingBody" : "rate.done.pendingMemory")}
        </span>
      </p>
      {!sent && (
        <button type="button" class="button button-secondary" onClick={() => void retryNow()}>
          {t("rate.done.retryNow")}
        </button>
      )}
      {sent?.followUp && <p>{t("rate.done.followUp")}</p>}
      {sent?.followUp && contact && <p>{t("rate.done.contact")}</p>}
    </div>
  );
}

/** One rating per file: a second attempt is thanked, not treated as an error. */
export function AlreadyRated({ headingRef, level = 3 }: { headingRef?: Ref<HTMLHeadingElement>; level?: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div class={styles.done} data-rating-status="already-rated">
      <Heading ref={headingRef} tabIndex={-1} class={styles.doneTitle}>
        {t("rate.alreadyRated.title")}
      </Heading>
      <p role="status">{t("rate.alreadyRated.body")}</p>
    </div>
  );
}
