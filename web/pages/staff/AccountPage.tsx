import "../../i18n/staff";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { Me, TotpEnrolment } from "../../../schema/api/accounts";
import { listUnits } from "../../api/admin";
import { confirmTotp, disableTotp, listSessions, startTotpEnrolment } from "../../api/staff";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { loadSession, signOutEverywhere } from "../../state/session";
import { TextField } from "./Field";
import formStyles from "./Form.module.css";
import { ConfirmButton, FormProblem, Saved, useForm } from "./form";
import { ROLE_KEYS } from "./nav";
import { QrCode } from "./QrCode";
import styles from "./Staff.module.css";
import { StaffLayout } from "./StaffLayout";

/** /staff/tai-khoan: one's own account, password, second factor and sessions. */
export default function AccountPage() {
  return (
    <StaffLayout title={t("staff.account.title")}>
      {(me) => (
        <>
          <Profile me={me} />
          <section class={styles.section} aria-labelledby="password-title">
            <h2 id="password-title">{t("staff.account.password.title")}</h2>
            <p>{t("staff.account.password.body")}</p>
            <a class="button button-secondary" href="/staff/doi-mat-khau">
              {t("staff.password.title")}
            </a>
          </section>
          <Totp me={me} />
          <Sessions />
        </>
      )}
    </StaffLayout>
  );
}

function Profile({ me }: { me: Me }) {
  const [units] = useResource((signal) => listUnits({ signal }), []);
  const names =
    units.status === "ready" ? units.data.units.filter((u) => me.staff.unitIds.includes(u.id)).map((u) => u.name) : [];
  return (
    <section class={styles.section} aria-labelledby="profile-title">
      <h2 id="profile-title">{t("staff.account.profile")}</h2>
      <dl class={styles.dl}>
        <dt>{t("staff.account.fullName")}</dt>
        <dd lang="vi">{me.staff.fullName}</dd>
        <dt>{t("staff.signIn.username")}</dt>
        <dd class={styles.mono}>{me.staff.username}</dd>
        <dt>{t("staff.account.role")}</dt>
        <dd>{t(ROLE_KEYS[me.staff.role])}</dd>
        <dt>{t("staff.account.agency")}</dt>
        <dd lang="vi">{me.staff.agency.name}</dd>
        <dt>{t("staff.account.units")}</dt>
        <dd lang="vi">{names.length > 0 ? names.join("; ") : t("staff.account.unitsAll")}</dd>
        <dt>{t("staff.account.sessionStarted")}</dt>
        <dd>{formatDateTime(me.session.createdAt)}</dd>
        <dt>{t("staff.account.sessionEnds")}</dt>
        <dd>{formatDateTime(me.session.expiresAt)}</dd>
      </dl>
    </section>
  );
}

/** Second factor (xác thực hai lớp): enrol with an authenticator app, or turn it off. */
function Totp({ me }: { me: Me }) {
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [saved, setSaved] = useState<"on" | "off" | null>(null);
  const start = useForm();
  const confirm = useForm();
  const disable = useForm();

  return (
    <section class={styles.section} aria-labelledby="totp" id="totp-section">
      <h2 id="totp" tabIndex={-1}>
        {t("staff.account.totp.title")}
      </h2>
      <p>
        {t("staff.account.totp.status")}{" "}
        <span class={`${styles.badge} ${me.totpEnabled ? styles.badgeOn : styles.badgeOff}`}>
          {me.totpEnabled ? t("staff.account.totp.on") : t("staff.account.totp.off")}
        </span>
      </p>
      {saved === "on" && <Saved>{t("staff.account.totp.enabled")}</Saved>}
      {saved === "off" && <Saved>{t("staff.account.totp.disabled")}</Saved>}
      {me.totpRecommended && !enrolment && <p class={styles.notice}>{t("staff.home.totpRecommended")}</p>}
      {!me.totpEnabled && !enrolment && (
        <form
          ref={start.formRef}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(null);
            void start.run(async () => setEnrolment(await startTotpEnrolment()));
          }}
        >
          <p>{t("staff.account.totp.about")}</p>
          <FormProblem form={start} />
          <button type="submit" class="button" disabled={start.busy}>
            {t("staff.account.totp.enable")}
          </button>
        </form>
      )}
      {!me.totpEnabled && enrolment && (
        <form
          ref={confirm.formRef}
          class={formStyles.form}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const clean = code.replace(/\s/g, "");
            void confirm.run(
              async () => {
                await confirmTotp(clean);
                setEnrolment(null);
                setCode("");
                setSaved("on");
                await loadSession(true);
              },
              /^\d{6}$/.test(clean) ? undefined : { code: "staff.signIn.codeFormat" },
            );
          }}
        >
          <ol>
            <li>{t("staff.account.totp.step1")}</li>
            <li>
              {t("staff.account.totp.step2")}
              <QrCode text={enrolment.otpauthUri} label={t("staff.account.totp.qrLabel")} class={styles.qr} />
              <p>
                {t("staff.account.totp.secret")}{" "}
                <code class={styles.mono} data-totp-secret>
                  {enrolment.secret.replace(/(.{4})/g, "$1 ").trim()}
                </code>
              </p>
            </li>
            <li>{t("staff.account.totp.step3")}</li>
          </ol>
          <FormProblem form={confirm} known={["code"]} />
          <TextField
            path="code"
            label={t("staff.signIn.code")}
            hint={t("staff.signIn.codeHint")}
            value={code}
            onInput={setCode}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            error={confirm.errors.code}
          />
          <div class={formStyles.actions}>
            <button type="submit" class="button" disabled={confirm.busy}>
              {t("staff.account.totp.confirm")}
            </button>
            <button
              type="button"
              class="button button-secondary"
              onClick={() => {
                setEnrolment(null);
                setCode("");
                confirm.reset();
              }}
            >
              {t("staff.form.cancel")}
            </button>
          </div>
        </form>
      )}
      {me.totpEnabled && (
        <form
          ref={disable.formRef}
          class={formStyles.form}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(null);
            void disable.run(
              async () => {
                await disableTotp(password);
                setPassword("");
                setSaved("off");
                await loadSession(true);
              },
              password ? undefined : { password: "staff.form.required" },
            );
          }}
        >
          <p>{t("staff.account.totp.disableAbout")}</p>
          <FormProblem form={disable} known={["password"]} />
          <TextField
            path="password"
            type="password"
            label={t("staff.signIn.password")}
            value={password}
            onInput={setPassword}
            autoComplete="current-password"
            required
            error={disable.errors.password}
          />
          <button type="submit" class={`button button-secondary ${formStyles.danger}`} disabled={disable.busy}>
            {t("staff.account.totp.disable")}
          </button>
        </form>
      )}
    </section>
  );
}

/** A short name for a browser's user agent ("Chrome · Windows"). */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return "—";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /(Chrome|Chromium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : null;
  const os = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return [browser, os].filter(Boolean).join(" · ") || userAgent.slice(0, 60);
}

function Sessions() {
  const { route } = useLocation();
  const [state, retry] = useResource((signal) => listSessions({ signal }), []);
  const [error, setError] = useState<unknown>(null);
  return (
    <section class={styles.section} aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t("staff.account.sessions.title")}</h2>
      <p>{t("staff.account.sessions.about")}</p>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
      {state.status === "ready" && (
        <div class={styles.tableWrap}>
          <table class={styles.table} data-sessions>
            <caption class="sr-only">{t("staff.account.sessions.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.account.sessions.device")}</th>
                <th scope="col">{t("staff.account.sessions.ip")}</th>
                <th scope="col">{t("staff.account.sessions.started")}</th>
                <th scope="col">{t("staff.account.sessions.lastSeen")}</th>
                <th scope="col">{t("staff.account.sessions.expires")}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {deviceName(s.userAgent)}
                    {s.current && <strong> ({t("staff.account.sessions.current")})</strong>}
                  </td>
                  <td class={styles.mono}>{s.ip ?? "—"}</td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td>{formatDateTime(s.lastSeenAt)}</td>
                  <td>{formatDateTime(s.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error !== null && <ErrorNotice error={error} />}
      <ConfirmButton
        label={t("staff.signOutEverywhere")}
        question={t("staff.signOutEverywhere.question")}
        confirmLabel={t("staff.signOutEverywhere.confirm")}
        danger
        onConfirm={async () => {
          setError(null);
          try {
            const n = await signOutEverywhere();
            route(`/staff/dang-nhap?everywhere=${n}`, true);
          } catch (e) {
            setError(e);
          }
        }}
      />
    </section>
  );
}
