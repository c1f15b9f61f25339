import "../../i18n/cases-link";
import { t } from "../../i18n";
import styles from "./IntakeLink.module.css";

/** Where a citizen at a counter goes to send a petition, complaint or denunciation, or follow one. */
export function IntakeLink({ counterCode }: { counterCode: string }) {
  return (
    <section class={styles.box} aria-labelledby="cases-link-title">
      <h2 id="cases-link-title" class={styles.title}>
        {t("casesLink.title")}
      </h2>
      <div class={styles.links}>
        <a class="button button-secondary" href={`/gop-y?quay=${encodeURIComponent(counterCode)}`}>
          {t("casesLink.intake")}
        </a>
        <a class="button button-secondary" href="/tra-cuu">
          {t("casesLink.status")}
        </a>
      </div>
    </section>
  );
}
