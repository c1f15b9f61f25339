import "../../i18n/staff";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";

/** The staff area's door. Sign-in arrives with staff accounts; until then it says so. */
export default function StaffPage() {
  useDocumentTitle(t("staff.title"));
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t("staff.title")}</h1>
      <p>{t("staff.signInComing")}</p>
      <a class="button button-secondary" href="/">
        {t("common.backHome")}
      </a>
    </section>
  );
}
