import "../../i18n/rate";
import type { PublicCounter } from "../../../schema/api/public";
import { pick, t } from "../../i18n";
import styles from "./RateEntry.module.css";
import { RateFlow } from "./RateFlow";

/**
 * Where a citizen rates the counter's service from its static QR code (/q/:publicCode): the
 * counter's survey, anonymous, with a way to rate a file instead when they hold its receipt.
 * Part of the counter page's first load (scripts/check-budget.ts).
 */
export function RateEntry({ counter }: { counter: PublicCounter }) {
  const { survey } = counter;
  const surveyName = survey ? pick(survey.name, survey.nameEn) : null;
  return (
    <section id="danh-gia" class={styles.entry} aria-labelledby="rate-title">
      <h2 id="rate-title" class={styles.title}>
        {t("rate.title")}
      </h2>
      {survey ? (
        <>
          <p class={styles.survey}>
            {t("rate.surveyLabel")} <span lang={surveyName === survey.name ? "vi" : "en"}>{surveyName}</span>
          </p>
          <RateFlow surveyId={survey.id} source={{ kind: "counter", publicCode: counter.publicCode }} />
          <p class={styles.note}>{t("rate.anonymous")}</p>
          <p class={styles.byFile}>
            <a href={`/ho-so/${encodeURIComponent(counter.agency.code)}`}>{t("rate.byFile")}</a>
          </p>
        </>
      ) : (
        <p>{t("rate.noSurvey")}</p>
      )}
    </section>
  );
}
