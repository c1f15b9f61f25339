import "../../i18n/home";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import styles from "./HomePage.module.css";

/** What hailong is, for a citizen who lands on the bare address and for officers. */
export default function HomePage() {
  useDocumentTitle(null);
  return (
    <>
      <section aria-labelledby="page-title" class={styles.hero}>
        <h1 id="page-title">{t("home.title")}</h1>
        <p class={styles.lead}>{t("home.intro")}</p>
      </section>
      <div class={styles.audiences}>
        <section class="card" aria-labelledby="home-citizen">
          <h2 id="home-citizen">{t("home.citizen.title")}</h2>
          <p>{t("home.citizen.body")}</p>
        </section>
        <section class="card" aria-labelledby="home-staff">
          <h2 id="home-staff">{t("home.staff.title")}</h2>
          <p>{t("home.staff.body")}</p>
          <a class="button" href="/staff">
            {t("home.staff.link")}
          </a>
        </section>
      </div>
      <section aria-labelledby="home-features">
        <h2 id="home-features">{t("home.features.title")}</h2>
        <ul class={styles.features}>
          <li>{t("home.features.rating")}</li>
          <li>{t("home.features.cases")}</li>
          <li>{t("home.features.apology")}</li>
          <li>{t("home.features.dashboard")}</li>
        </ul>
      </section>
    </>
  );
}
