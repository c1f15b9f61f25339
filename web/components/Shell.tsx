import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { t } from "../i18n";
import { currentAgency } from "../state/agency";
import { telHref } from "./AgencyContacts";
import { LanguageSwitch } from "./LanguageSwitch";
import styles from "./Shell.module.css";

/**
 * The frame of every page: skip link, header with the agency's name (or the product's when no
 * agency page is open) and the language switch, the main landmark, and a footer with the
 * agency's hotline and email.
 */
/** Citizen pages that show their agency's name in the header once their data arrives. */
const AGENCY_PAGES = /^\/(q|r|ho-so|kiosk|cong-khai|tra-cuu)(\/|$)/;

export function Shell({ children }: { children: ComponentChildren }) {
  const agency = currentAgency.value;
  const agencyPage = AGENCY_PAGES.test(useLocation().path);
  return (
    <>
      <a class={styles.skip} href="#main">
        {t("common.skipToContent")}
      </a>
      <header class={styles.header}>
        <div class={`container ${styles.bar}`}>
          <div class={agency || agencyPage ? `${styles.brand} ${styles.agencySlot}` : styles.brand}>
            {agency ? (
              <span class={styles.agency} lang="vi">
                {agency.name}
              </span>
            ) : agencyPage ? (
              <a class={`${styles.product} ${styles.productSmall}`} href="/">
                {t("common.productName")}
              </a>
            ) : (
              <>
                <a class={styles.product} href="/">
                  {t("common.productName")}
                </a>
                <span class={styles.tagline}>{t("common.productTagline")}</span>
              </>
            )}
          </div>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" class={`container ${styles.main}`} tabIndex={-1}>
        {children}
      </main>
      <footer class={styles.footer}>
        <div class="container">
          {agency && (agency.hotline || agency.email) && (
            <nav class={styles.contacts} aria-label={t("common.footer.contactsLabel", { agency: agency.name })}>
              <p class={styles.footerAgency} lang="vi">
                {agency.name}
              </p>
              <ul>
                {agency.hotline && (
                  <li>
                    <span class={styles.label}>{t("common.contacts.hotline")}:</span>
                    <a href={telHref(agency.hotline)}>{agency.hotline}</a>
                  </li>
                )}
                {agency.email && (
                  <li>
                    <span class={styles.label}>{t("common.contacts.email")}:</span>
                    <a href={`mailto:${agency.email}`}>{agency.email}</a>
                  </li>
                )}
              </ul>
            </nav>
          )}
          <p class={styles.productLine}>{t("common.footer.product")}</p>
        </div>
      </footer>
    </>
  );
}
