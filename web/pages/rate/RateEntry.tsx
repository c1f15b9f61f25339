import "../../i18n/rate";
import type { PublicCounter } from "../../../schema/api/public";
import { pick, t } from "../../i18n";
import styles from "./RateEntry.module.css";

/**
 * Where a citizen rates the counter's service. The rating form mounts here (the rating
 * feature); until then this names the counter's survey and says the form is coming.
 * It is part of the counter page's first load, inside the 60 KB budget.
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
          <div class={styles.slot} data-rating-form="pending">
            <p>{t("rate.formComing")}</p>
          </div>
          <p class={styles.note}>{t("rate.anonymous")}</p>
        </>
      ) : (
        <p>{t("rate.noSurvey")}</p>
      )}
    </section>
  );
}
