import { type DocumentHeader, NATIONAL_MOTTO, NATIONAL_TITLE } from "./letter-content";
import styles from "./Print.module.css";

/** The two-column head of an administrative document (agency | national title and motto). */
export function DocumentHead({ header }: { header: DocumentHeader }) {
  return (
    <div class={styles.head}>
      <div>
        {header.parent && <p>{header.parent}</p>}
        <p class={styles.agencyName}>{header.agency}</p>
        <p class={styles.number}>{header.number}</p>
      </div>
      <div>
        <p class={styles.strong}>{NATIONAL_TITLE}</p>
        <p>
          <span class={styles.motto}>{NATIONAL_MOTTO}</span>
        </p>
        <p class={styles.placeDate}>{header.placeDate}</p>
      </div>
    </div>
  );
}
