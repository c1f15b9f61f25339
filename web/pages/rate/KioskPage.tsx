import "../../i18n/rate";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { PublicCounter } from "../../../schema/api/public";
import { getCounter } from "../../api/citizen";
import { ApiProblem } from "../../api/errors";
import { ErrorNotice, Loading } from "../../components/Status";
import { pick, setLang, t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { forgetOutcomes } from "../../state/rating-outbox-live";
import { useResource } from "../../state/resource";
import { useAgency } from "./agency-header";
import { RateByCode } from "./FileCodePage";
import { RateFlow } from "./RateFlow";
import styles from "./RatePages.module.css";

/**
 * `/kiosk/:publicCode`: the rating tablet at a counter (thiết bị đánh giá). A citizen rates by
 * file code (on-screen keypad) or rates the counter; a few seconds after the thank-you, or after
 * two idle minutes, the screen returns to the start and keeps nothing of that citizen: the flow is
 * remounted (answers and contact gone from memory), the language returns to Vietnamese, and
 * storage holds at most a rating still waiting to be sent. `?reset=<seconds>` (3–60) sets the
 * delay after the thank-you (default 10).
 */

const DEFAULT_RESET_SECONDS = 10;
const IDLE_MS = 120_000;

function resetSeconds(): number {
  const value = Number(new URLSearchParams(location.search).get("reset"));
  return Number.isInteger(value) && value >= 3 && value <= 60 ? value : DEFAULT_RESET_SECONDS;
}

type Screen = "start" | "file" | "counter";

export default function KioskPage({ publicCode }: { publicCode: string }) {
  const [state, retry] = useResource((signal) => getCounter(publicCode, { signal }), [publicCode]);
  const counter = state.status === "ready" ? state.data : null;
  useAgency(counter?.agency ?? null);
  useDocumentTitle(counter ? `${counter.name} – ${counter.agency.name}` : null);

  if (state.status === "loading") return <Loading />;
  if (state.status === "error") {
    if (state.error instanceof ApiProblem && (state.error.status === 404 || state.error.status === 422)) {
      return (
        <section aria-labelledby="page-title">
          <h1 id="page-title">{state.error.title()}</h1>
          <p>{state.error.detail()}</p>
        </section>
      );
    }
    return <ErrorNotice error={state.error} onRetry={retry} />;
  }
  return <Kiosk counter={state.data} />;
}

function Kiosk({ counter }: { counter: PublicCounter }) {
  const [screen, setScreen] = useState<Screen>("start");
  /** A new value remounts the flow: nothing of the previous citizen survives in memory. */
  const [round, setRound] = useState(0);
  const [countdown, setCountdown] = useState<number | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const delay = useRef(resetSeconds());

  const reset = useCallback(() => {
    forgetOutcomes();
    setLang("vi");
    setCountdown(null);
    setScreen("start");
    setRound((r) => r + 1);
    window.scrollTo(0, 0);
    requestAnimationFrame(() => heading.current?.focus());
  }, []);

  // After the thank-you: count down, then start over.
  useEffect(() => {
    if (countdown === null) return;
    if (countdown <= 0) {
      reset();
      return;
    }
    const timer = setTimeout(() => setCountdown(countdown - 1), 1000);
    return () => clearTimeout(timer);
  }, [countdown, reset]);

  // A citizen who walks away mid-form: start over after two idle minutes.
  useEffect(() => {
    if (screen === "start") return;
    let timer = setTimeout(reset, IDLE_MS);
    const activity = () => {
      clearTimeout(timer);
      timer = setTimeout(reset, IDLE_MS);
    };
    const events = ["pointerdown", "keydown", "input", "scroll"] as const;
    for (const e of events) document.addEventListener(e, activity, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) document.removeEventListener(e, activity);
    };
  }, [screen, round, reset]);

  const ended = useCallback(() => setCountdown(delay.current), []);

  const survey = counter.survey;
  return (
    <div class={styles.kiosk} key={round}>
      {screen === "start" ? (
        <section aria-labelledby="kiosk-title">
          <h1 id="kiosk-title" ref={heading} tabIndex={-1} class={styles.pageTitle}>
            {t("rate.kiosk.title")}
          </h1>
          <p>
            <span lang="vi">{counter.name}</span> · <span lang="vi">{counter.unit.name}</span>
          </p>
          <div class={styles.kioskChoices}>
            <button type="button" class={styles.kioskChoice} onClick={() => setScreen("file")}>
              {t("rate.kiosk.byFile")}
              <span class={styles.kioskHint}>{t("rate.kiosk.byFileHint")}</span>
            </button>
            {survey && (
              <button
                type="button"
                class={`${styles.kioskChoice} ${styles.kioskChoiceSecondary}`}
                onClick={() => setScreen("counter")}
              >
                {t("rate.kiosk.byCounter")}
                <span class={styles.kioskHint}>{t("rate.kiosk.byCounterHint")}</span>
              </button>
            )}
          </div>
          <p class={styles.note}>{t("rate.anonymous")}</p>
        </section>
      ) : (
        <>
          <div class={styles.kioskBar}>
            <button type="button" class="button button-secondary" onClick={reset}>
              {t("rate.kiosk.home")}
            </button>
          </div>
          {screen === "file" ? (
            <RateByCode agencyCode={counter.agency.code} keypad onEnd={ended} />
          ) : (
            survey && (
              <section aria-labelledby="page-title">
                <h1 id="page-title" class={styles.pageTitle}>
                  {t("rate.kiosk.byCounter")}
                </h1>
                <p class={styles.note}>
                  {t("rate.surveyLabel")} {pick(survey.name, survey.nameEn)}
                </p>
                <RateFlow
                  surveyId={survey.id}
                  source={{ kind: "kiosk", publicCode: counter.publicCode }}
                  onEnd={ended}
                />
              </section>
            )
          )}
          {countdown !== null && (
            <div class={styles.countdown}>
              <p>{t("rate.kiosk.resetIn", { seconds: countdown })}</p>
              <button type="button" class="button" onClick={reset}>
                {t("rate.kiosk.newRating")}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
