import type { PublicAgency } from "../../schema/api/public";
import { t } from "../i18n";
import styles from "./AgencyContacts.module.css";

/** `tel:` wants digits and a leading +, not the spaces people write hotlines with. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

/** The agency's public contacts (the plans require them public): address, hotline, email, site. */
export function AgencyContacts({ agency, headingLevel = 2 }: { agency: PublicAgency; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section class={styles.contacts} aria-labelledby="agency-contacts">
      <Heading id="agency-contacts">{t("common.contacts.title")}</Heading>
      <p class={styles.agency} lang="vi">
        {agency.name}
      </p>
      <dl class={styles.list}>
        {agency.address && (
          <div>
            <dt>{t("common.contacts.address")}</dt>
            <dd lang="vi">{agency.address}</dd>
          </div>
        )}
        {agency.hotline && (
          <div>
            <dt>{t("common.contacts.hotline")}</dt>
            <dd>
              <a class={styles.action} href={telHref(agency.hotline)}>
                {agency.hotline}
              </a>
            </dd>
          </div>
        )}
        {agency.email && (
          <div>
            <dt>{t("common.contacts.email")}</dt>
            <dd>
              <a class={styles.action} href={`mailto:${agency.email}`}>
                {agency.email}
              </a>
            </dd>
          </div>
        )}
        {agency.website && (
          <div>
            <dt>{t("common.contacts.website")}</dt>
            <dd>
              <a class={styles.action} href={agency.website} rel="noopener noreferrer">
                {agency.website.replace(/^https?:\/\//, "")}
              </a>
            </dd>
          </div>
        )}
      </dl>
      {agency.leaders.length > 0 && (
        <>
          <p class={styles.agency}>{t("common.contacts.leaders")}</p>
          <dl class={styles.list}>
            {agency.leaders.map((leader) => (
              <div key={`${leader.title}-${leader.name}`}>
                <dt lang="vi">
                  {leader.title}: {leader.name}
                </dt>
                <dd>
                  {leader.phone && (
                    <a class={styles.action} href={telHref(leader.phone)}>
                      {leader.phone}
                    </a>
                  )}{" "}
                  {leader.email && (
                    <a class={styles.action} href={`mailto:${leader.email}`}>
                      {leader.email}
                    </a>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
