import "../../i18n/admin";
import { useEffect, useRef, useState } from "preact/hooks";
import type { z } from "zod";
import type { AuditEntryView, AuditVerdictSchema } from "../../../schema/api/admin";
import { listAudit, verifyAudit } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { lang, type MessageKey, t } from "../../i18n";
import { formatDateTime, formatNumber } from "../../lib/format";
import staffStyles from "../staff/Staff.module.css";
import styles from "./Admin.module.css";
import { AdminLayout } from "./AdminLayout";

type Verdict = z.infer<typeof AuditVerdictSchema>;

/** Readable names of the actions the audit trail records most; others show their code. */
const ACTION_KEYS: Record<string, MessageKey> = {
  "auth.sign_in": "admin.audit.action.signIn",
  "auth.sign_in_failed": "admin.audit.action.signInFailed",
  "auth.locked": "admin.audit.action.locked",
  "auth.sign_out": "admin.audit.action.signOut",
  "auth.sign_out_everywhere": "admin.audit.action.signOutEverywhere",
  "auth.password_changed": "admin.audit.action.passwordChanged",
  "auth.totp_enabled": "admin.audit.action.totpEnabled",
  "auth.totp_disabled": "admin.audit.action.totpDisabled",
  "account.created": "admin.audit.action.accountCreated",
  "account.updated": "admin.audit.action.accountUpdated",
  "account.password_reset": "admin.audit.action.passwordReset",
  "account.sessions_revoked": "admin.audit.action.sessionsRevoked",
  "account.totp_reset": "admin.audit.action.totpReset",
  "settings.changed": "admin.audit.action.settingsChanged",
  "procedure.imported": "admin.audit.action.proceduresImported",
  "case.identity_viewed": "admin.audit.action.identityViewed",
};

/**
 * /staff/quan-tri/nhat-ky: the agency's audit trail (nhật ký), newest first, and the check of
 * its hash chain: every entry carries the hash of the one before, so an edited or deleted row
 * breaks the chain at that point.
 */
export default function AuditPage() {
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const verdictRef = useRef<HTMLDivElement>(null);

  const load = async (before?: string) => {
    setLoading(true);
    setError(null);
    try {
      const page = await listAudit(before);
      setEntries((all) => (before ? [...all, ...page.entries] : page.entries));
      setNextBefore(page.nextBefore);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load();
  }, []);

  useEffect(() => {
    if (verdict) verdictRef.current?.focus();
  }, [verdict]);

  return (
    <AdminLayout title={t("admin.audit.title")}>
      {() => (
        <>
          <section class={staffStyles.section} aria-labelledby="verify-title">
            <h2 id="verify-title">{t("admin.audit.verifyTitle")}</h2>
            <p>{t("admin.audit.verifyAbout")}</p>
            <button
              type="button"
              class="button"
              disabled={verifying}
              data-verify
              onClick={async () => {
                setVerifying(true);
                setVerifyError(null);
                setVerdict(null);
                try {
                  setVerdict(await verifyAudit());
                } catch (e) {
                  setVerifyError(e);
                } finally {
                  setVerifying(false);
                }
              }}
            >
              {verifying ? t("admin.audit.verifying") : t("admin.audit.verify")}
            </button>
            <div role="status">
              {verdict && (
                <div
                  ref={verdictRef}
                  tabIndex={-1}
                  class={verdict.ok ? styles.verdictOk : styles.verdictBad}
                  data-verdict={verdict.ok ? "ok" : "broken"}
                >
                  {verdict.ok ? (
                    <p>
                      <strong>{t("admin.audit.ok")}</strong>{" "}
                      {t("admin.audit.okDetail", { n: verdict.checked, seq: verdict.lastSeq ?? "—" })}
                    </p>
                  ) : (
                    <>
                      <p>
                        <strong>{t("admin.audit.broken")}</strong>{" "}
                        {t("admin.audit.brokenAt", { seq: verdict.firstBreak?.seq ?? "—" })}
                      </p>
                      {verdict.firstBreak && (
                        <p>{lang.value === "en" ? verdict.firstBreak.messageEn : verdict.firstBreak.message}</p>
                      )}
                      <p>{t("admin.audit.brokenAdvice")}</p>
                    </>
                  )}
                </div>
              )}
            </div>
            {verifyError !== null && <ErrorNotice error={verifyError} />}
          </section>

          <section class={staffStyles.section} aria-labelledby="entries-title">
            <h2 id="entries-title">{t("admin.audit.entries")}</h2>
            {error !== null && <ErrorNotice error={error} onRetry={() => void load(nextBefore ?? undefined)} />}
            {entries.length > 0 && (
              <div class={staffStyles.tableWrap}>
                <table class={staffStyles.table} data-audit>
                  <caption class="sr-only">{t("admin.audit.entries")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("admin.audit.seq")}</th>
                      <th scope="col">{t("admin.audit.at")}</th>
                      <th scope="col">{t("admin.audit.actor")}</th>
                      <th scope="col">{t("admin.audit.action")}</th>
                      <th scope="col">{t("admin.audit.subject")}</th>
                      <th scope="col">{t("admin.audit.details")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((entry) => (
                      <tr key={entry.seq}>
                        <td>{formatNumber(Number(entry.seq), { useGrouping: false })}</td>
                        <td>{formatDateTime(entry.at)}</td>
                        <td lang="vi">{entry.actorLabel}</td>
                        <td>
                          {ACTION_KEYS[entry.action] ? t(ACTION_KEYS[entry.action] as MessageKey) : ""}
                          <br />
                          <span class={`${staffStyles.mono} muted`}>{entry.action}</span>
                        </td>
                        <td class={staffStyles.mono}>
                          {entry.subjectType ?? "—"}
                          {entry.subjectId && (
                            <>
                              <br />
                              <span class="muted">{entry.subjectId}</span>
                            </>
                          )}
                        </td>
                        <td>
                          {Object.keys(entry.details).length > 0 ? (
                            <details class={styles.details}>
                              <summary>{t("admin.audit.show")}</summary>
                              <pre class={staffStyles.mono}>{JSON.stringify(entry.details, null, 2)}</pre>
                            </details>
                          ) : (
                            "—"
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {loading && <Loading />}
            {!loading && entries.length === 0 && error === null && <p>{t("admin.audit.empty")}</p>}
            {!loading && nextBefore && (
              <button type="button" class="button button-secondary" onClick={() => void load(nextBefore)}>
                {t("admin.audit.more")}
              </button>
            )}
          </section>
        </>
      )}
    </AdminLayout>
  );
}
