import "../../i18n/admin";
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { Account, Me, StaffRoleName } from "../../../schema/api/accounts";
import type { Unit } from "../../../schema/api/admin";
import {
  createAccount,
  getAccount,
  listUnits,
  resetAccountPassword,
  resetAccountTotp,
  revokeAccountSessions,
  updateAccount,
} from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { Checkbox, CheckboxGroup, SelectField, TextField } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { ConfirmButton, FormProblem, Saved, useForm } from "../staff/form";
import { ROLE_KEYS } from "../staff/nav";
import staffStyles from "../staff/Staff.module.css";
import styles from "./Admin.module.css";
import { AdminLayout } from "./AdminLayout";
import { ROLES } from "./labels";
import { OneTimePassword } from "./OneTimePassword";
import { blankToNull, changed } from "./values";

/**
 * /staff/quan-tri/tai-khoan/moi and /tai-khoan/:id: an account's name, contacts, role and
 * units; on an existing account, the admin's actions: reset the password (a one-time password
 * shown once; the person must change it), end its sessions, turn off its second factor.
 */
export default function AccountFormPage() {
  const { params } = useRoute();
  const id = params.id;
  const [state, retry] = useResource(
    async (signal) => {
      const [{ units }, account] = await Promise.all([
        listUnits({ signal }),
        id ? getAccount(id, { signal }) : Promise.resolve(undefined),
      ]);
      return { units, account };
    },
    [id],
  );
  return (
    <AdminLayout title={id ? t("admin.accounts.edit") : t("admin.accounts.add")}>
      {(me) => {
        if (state.status === "loading") return <Loading />;
        if (state.status === "error") return <ErrorNotice error={state.error} onRetry={retry} />;
        return <AccountEditor me={me} account={state.data.account} units={state.data.units} />;
      }}
    </AdminLayout>
  );
}

function AccountEditor({ me, account: initial, units }: { me: Me; account?: Account; units: Unit[] }) {
  const { route } = useLocation();
  const [account, setAccount] = useState(initial);
  const [oneTime, setOneTime] = useState<{ username: string; password: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const form = useForm();
  const [username, setUsername] = useState("");
  const [fullName, setFullName] = useState(initial?.fullName ?? "");
  const [email, setEmail] = useState(initial?.email ?? "");
  const [phone, setPhone] = useState(initial?.phone ?? "");
  const [role, setRole] = useState<StaffRoleName>(initial?.role ?? "counter_officer");
  const [unitIds, setUnitIds] = useState<string[]>(initial?.unitIds ?? []);
  const [active, setActive] = useState(initial?.active ?? true);
  const e = form.errors;
  const self = account?.id === me.staff.id;

  if (!account && oneTime) {
    // A new account: its one-time password, once.
    return (
      <>
        <OneTimePassword username={oneTime.username} password={oneTime.password} />
        <a class="button" href="/staff/quan-tri/tai-khoan">
          {t("admin.accounts.backToList")}
        </a>
      </>
    );
  }

  const submit = (event: Event) => {
    event.preventDefault();
    setNotice(null);
    const values = { fullName, email: blankToNull(email), phone: blankToNull(phone), role, unitIds };
    void form.run(async () => {
      if (account) {
        const saved = await updateAccount(account.id, changed(account, { ...values, active }));
        setAccount(saved);
        setNotice(t("admin.accounts.saved"));
      } else {
        const created = await createAccount({ ...values, username });
        setOneTime({ username: created.account.username, password: created.oneTimePassword });
      }
    });
  };

  const act = async (action: () => Promise<void>) => {
    setActionError(null);
    setNotice(null);
    try {
      await action();
    } catch (error) {
      setActionError(error);
    }
  };

  return (
    <>
      {account && (
        <dl class={staffStyles.dl}>
          <dt>{t("staff.signIn.username")}</dt>
          <dd class={staffStyles.mono}>{account.username}</dd>
          <dt>{t("admin.accounts.createdAt")}</dt>
          <dd>{formatDateTime(account.createdAt)}</dd>
          <dt>{t("admin.accounts.lastSignIn")}</dt>
          <dd>{account.lastSignInAt ? formatDateTime(account.lastSignInAt) : t("admin.accounts.never")}</dd>
          <dt>{t("admin.accounts.totp")}</dt>
          <dd>{account.totpEnabled ? t("staff.account.totp.on") : t("staff.account.totp.off")}</dd>
        </dl>
      )}
      {oneTime && <OneTimePassword username={oneTime.username} password={oneTime.password} />}
      {notice && <Saved>{notice}</Saved>}
      <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit} data-account-form>
        <FormProblem form={form} known={["username", "fullName", "email", "phone", "role", "unitIds", "active"]} />
        {!account && (
          <TextField
            path="username"
            label={t("staff.signIn.username")}
            hint={t("admin.accounts.usernameHint")}
            value={username}
            onInput={setUsername}
            autoCapitalize="none"
            autoComplete="off"
            spellcheck={false}
            required
            error={e.username}
          />
        )}
        <TextField
          path="fullName"
          label={t("admin.accounts.fullName")}
          value={fullName}
          onInput={setFullName}
          required
          error={e.fullName}
          lang="vi"
        />
        <div class={formStyles.row}>
          <TextField
            path="email"
            type="email"
            label={t("admin.accounts.email")}
            value={email}
            onInput={setEmail}
            inputMode="email"
            error={e.email}
          />
          <TextField
            path="phone"
            type="tel"
            label={t("admin.accounts.phone")}
            hint={t("admin.phoneHint")}
            value={phone}
            onInput={setPhone}
            inputMode="tel"
            error={e.phone}
          />
        </div>
        <SelectField
          path="role"
          label={t("admin.accounts.role")}
          hint={t("admin.accounts.roleHint")}
          value={role}
          onChange={(v) => setRole(v as StaffRoleName)}
          options={ROLES.map((r) => ({ value: r, label: t(ROLE_KEYS[r]) }))}
          required
          error={e.role}
        />
        <CheckboxGroup
          path="unitIds"
          legend={t("admin.accounts.units")}
          hint={t("admin.accounts.unitsHint")}
          options={units
            .filter((u) => u.active || unitIds.includes(u.id))
            .map((u) => ({ value: u.id, label: u.name, lang: "vi" }))}
          values={unitIds}
          onChange={setUnitIds}
          error={e.unitIds}
        />
        {account && !self && (
          <Checkbox
            path="active"
            label={t("admin.accounts.activeLabel")}
            hint={t("admin.accounts.activeHint")}
            checked={active}
            onChange={setActive}
            error={e.active}
          />
        )}
        <div class={formStyles.actions}>
          <button type="submit" class="button" disabled={form.busy}>
            {form.busy ? t("admin.saving") : account ? t("admin.save") : t("admin.accounts.create")}
          </button>
          <a class="button button-secondary" href="/staff/quan-tri/tai-khoan">
            {t("admin.accounts.backToList")}
          </a>
        </div>
      </form>

      {account && (
        <section class={staffStyles.section} aria-labelledby="account-actions">
          <h2 id="account-actions">{t("admin.accounts.actions")}</h2>
          {actionError !== null && <ErrorNotice error={actionError} />}
          <div class={styles.actionsList}>
            <ConfirmButton
              label={t("admin.accounts.resetPassword")}
              question={t("admin.accounts.resetPasswordQuestion", { name: account.fullName })}
              confirmLabel={t("admin.accounts.resetPasswordConfirm")}
              danger
              onConfirm={() =>
                act(async () => {
                  const result = await resetAccountPassword(account.id);
                  setAccount(result.account);
                  setOneTime({ username: result.account.username, password: result.oneTimePassword });
                })
              }
            />
            <ConfirmButton
              label={t("admin.accounts.revokeSessions")}
              question={t("admin.accounts.revokeQuestion", { name: account.fullName })}
              confirmLabel={t("admin.accounts.revokeConfirm")}
              danger
              onConfirm={() =>
                act(async () => {
                  const { revoked } = await revokeAccountSessions(account.id);
                  if (self) route("/staff/dang-nhap", true);
                  else setNotice(t("admin.accounts.revoked", { n: revoked }));
                })
              }
            />
            {account.totpEnabled && (
              <ConfirmButton
                label={t("admin.accounts.resetTotp")}
                question={t("admin.accounts.resetTotpQuestion", { name: account.fullName })}
                confirmLabel={t("admin.accounts.resetTotpConfirm")}
                danger
                onConfirm={() =>
                  act(async () => {
                    setAccount(await resetAccountTotp(account.id));
                    setNotice(t("admin.accounts.totpReset"));
                  })
                }
              />
            )}
          </div>
        </section>
      )}
    </>
  );
}
