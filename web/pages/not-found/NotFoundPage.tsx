import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";

/** Any address the router does not know. */
export default function NotFoundPage() {
  useDocumentTitle(t("notFound.title"));
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <a class="button button-secondary" href="/">
        {t("common.backHome")}
      </a>
    </section>
  );
}
