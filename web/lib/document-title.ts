import { useEffect } from "preact/hooks";
import { t } from "../i18n";

/** Sets the tab title to "<title> · hailong" while the page is shown. */
export function useDocumentTitle(title: string | null): void {
  const product = t("common.productName");
  useEffect(() => {
    document.title = title ? `${title} · ${product}` : product;
  }, [title, product]);
}
