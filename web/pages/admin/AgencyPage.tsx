import "../../i18n/admin";
import { useRef, useState } from "preact/hooks";
import type { AgencyProfile, AgencyProfileUpdate } from "../../../schema/api/admin";
import { getAgency, saveAgency } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { type MessageKey, t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { fieldId, TextField } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { FormProblem, Saved, useForm } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import { AdminLayout } from "./AdminLayout";
import { blankToNull, parseDecimal } from "./values";

/** The basis of the 95% target when the agency names none [DOMAIN: QĐ 2629/QĐ-TTg, P]. */
const DEFAULT_BASIS = "QĐ 2629/QĐ-TTg ngày 01/12/2025";

interface Leader {
  title: string;
  name: string;
  phone: string;
  email: string;
}

/**
 * /staff/quan-tri/co-quan: the agency profile citizens see (address, hotline, email, website),
 * the leaders' published phone and email (the provincial plans require them public), and the
 * satisfaction target with its legal basis (95% by default, QĐ 2629/QĐ-TTg).
 */
export default function AgencyPage() {
  const [state, retry] = useResource((signal) => getAgency({ signal }), []);
  return (
    <AdminLayout title={t("admin.agency.title")}>
      {() =>
        state.status === "loading" ? (
          <Loading />
        ) : state.status === "error" ? (
          <ErrorNotice error={state.error} onRetry={retry} />
        ) : (
          <AgencyForm profile={state.data} />
        )
      }
    </AdminLayout>
  );
}

function AgencyForm({ profile }: { profile: AgencyProfile }) {
  const form = useForm();
  const [saved, setSaved] = useState<AgencyProfile | null>(null);
  const [name, setName] = useState(profile.name);
  const [shortName, setShortName] = useState(profile.shortName ?? "");
  const [address, setAddress] = useState(profile.address ?? "");
  const [hotline, setHotline] = useState(profile.hotline ?? "");
  const [email, setEmail] = useState(profile.email ?? "");
  const [website, setWebsite] = useState(profile.website ?? "");
  const [target, setTarget] = useState(String(profile.satisfactionTarget).replace(".", ","));
  const [basis, setBasis] = useState(profile.satisfactionTargetBasis ?? DEFAULT_BASIS);
  const [leaders, setLeaders] = useState<Leader[]>(
    profile.leaders.map((l) => ({ title: l.title, name: l.name, phone: l.phone ?? "", email: l.email ?? "" })),
  );
  const focusLeader = useRef<number | null>(null);
  const e = form.errors;

  const setLeader = (i: number, change: Partial<Leader>) =>
    setLeaders((all) => all.map((l, j) => (j === i ? { ...l, ...change } : l)));

  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const targetValue = parseDecimal(target);
    const local: Record<string, MessageKey> = {};
    if (targetValue === null || targetValue < 0 || targetValue > 100)
      local.satisfactionTarget = "admin.agency.targetRange";
    const body: AgencyProfileUpdate = {
      name,
      shortName: blankToNull(shortName),
      address: blankToNull(address),
      hotline: blankToNull(hotline),
      email: blankToNull(email),
      website: blankToNull(website),
      satisfactionTarget: targetValue ?? 0,
      satisfactionTargetBasis: blankToNull(basis),
      leaders: leaders.map((l) => ({
        title: l.title,
        name: l.name,
        phone: blankToNull(l.phone),
        email: blankToNull(l.email),
      })),
    };
    void form.run(async () => {
      setSaved(await saveAgency(body));
    }, local);
  };

  return (
    <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit} data-agency-form>
      <dl class={staffStyles.dl}>
        <dt>{t("admin.agency.code")}</dt>
        <dd class={staffStyles.mono}>{profile.code}</dd>
        <dt>{t("admin.agency.updatedAt")}</dt>
        <dd>{formatDateTime((saved ?? profile).updatedAt)}</dd>
      </dl>
      {saved && <Saved>{t("admin.agency.saved")}</Saved>}
      <FormProblem
        form={form}
        known={[
          "name",
          "shortName",
          "address",
          "hotline",
          "email",
          "website",
          "satisfactionTarget",
          "satisfactionTargetBasis",
          "leaders",
        ]}
      />
      <fieldset class={formStyles.fieldset}>
        <legend class={formStyles.legend}>{t("admin.agency.contacts")}</legend>
        <TextField
          path="name"
          label={t("admin.agency.name")}
          value={name}
          onInput={setName}
          required
          error={e.name}
          lang="vi"
        />
        <TextField
          path="shortName"
          label={t("admin.agency.shortName")}
          value={shortName}
          onInput={setShortName}
          error={e.shortName}
          lang="vi"
        />
        <TextField
          path="address"
          label={t("admin.agency.address")}
          value={address}
          onInput={setAddress}
          autoComplete="street-address"
          error={e.address}
          lang="vi"
        />
        <div class={formStyles.row}>
          <TextField
            path="hotline"
            type="tel"
            label={t("admin.agency.hotline")}
            hint={t("admin.phoneHint")}
            value={hotline}
            onInput={setHotline}
            inputMode="tel"
            error={e.hotline}
          />
          <TextField
            path="email"
            type="email"
            label={t("admin.agency.email")}
            hint={t("admin.emailHint")}
            value={email}
            onInput={setEmail}
            inputMode="email"
            error={e.email}
          />
        </div>
        <TextField
          path="website"
          type="url"
          label={t("admin.agency.website")}
          hint={t("admin.agency.websiteHint")}
          value={website}
          onInput={setWebsite}
          inputMode="url"
          error={e.website}
        />
      </fieldset>

      <fieldset class={formStyles.fieldset} data-leaders>
        <legend class={formStyles.legend}>{t("admin.agency.leaders")}</legend>
        <p class={formStyles.hint}>{t("admin.agency.leadersHint")}</p>
        {e.leaders && (
          <p class={formStyles.error} id={`${fieldId("leaders")}-error`}>
            {e.leaders}
          </p>
        )}
        {leaders.map((l, i) => (
          <fieldset
            // Rows are only added at the end and removed by position: the index is their identity here.
            key={i}
            class={formStyles.fieldset}
          >
            <legend class={formStyles.legend}>{t("admin.agency.leader", { n: i + 1 })}</legend>
            <div
              ref={(el) => {
                if (el && focusLeader.current === i) {
                  el.querySelector("input")?.focus();
                  focusLeader.current = null;
                }
              }}
              class={formStyles.row}
            >
              <TextField
                path={`leaders.${i}.title`}
                label={t("admin.agency.leaderTitle")}
                hint={t("admin.agency.leaderTitleHint")}
                value={l.title}
                onInput={(v) => setLeader(i, { title: v })}
                required
                error={e[`leaders.${i}.title`]}
                lang="vi"
              />
              <TextField
                path={`leaders.${i}.name`}
                label={t("admin.agency.leaderName")}
                value={l.name}
                onInput={(v) => setLeader(i, { name: v })}
                required
                error={e[`leaders.${i}.name`]}
                lang="vi"
              />
              <TextField
                path={`leaders.${i}.phone`}
                type="tel"
                label={t("admin.agency.leaderPhone")}
                hint={t("admin.phoneHint")}
                value={l.phone}
                onInput={(v) => setLeader(i, { phone: v })}
                inputMode="tel"
                error={e[`leaders.${i}.phone`]}
              />
              <TextField
                path={`leaders.${i}.email`}
                type="email"
                label={t("admin.agency.leaderEmail")}
                value={l.email}
                onInput={(v) => setLeader(i, { email: v })}
                inputMode="email"
                error={e[`leaders.${i}.email`]}
              />
            </div>
            <button
              type="button"
              class="button button-secondary"
              onClick={() => setLeaders((all) => all.filter((_, j) => j !== i))}
            >
              {t("admin.agency.removeLeader", { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        {leaders.length < 10 && (
          <button
            type="button"
            class="button button-secondary"
            onClick={() => {
              focusLeader.current = leaders.length;
              setLeaders((all) => [...all, { title: "", name: "", phone: "", email: "" }]);
            }}
          >
            {t("admin.agency.addLeader")}
          </button>
        )}
      </fieldset>

      <fieldset class={formStyles.fieldset}>
        <legend class={formStyles.legend}>{t("admin.agency.targetTitle")}</legend>
        <TextField
          path="satisfactionTarget"
          label={t("admin.agency.target")}
          hint={t("admin.agency.targetHint")}
          value={target}
          onInput={setTarget}
          inputMode="decimal"
          class={formStyles.narrow}
          required
          error={e.satisfactionTarget}
        />
        <TextField
          path="satisfactionTargetBasis"
          label={t("admin.agency.basis")}
          hint={t("admin.agency.basisHint")}
          value={basis}
          onInput={setBasis}
          error={e.satisfactionTargetBasis}
          lang="vi"
        />
      </fieldset>
      <div class={formStyles.actions}>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? t("admin.saving") : t("admin.save")}
        </button>
      </div>
    </form>
  );
}
