import "../../i18n/admin";
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { Counter, Unit } from "../../../schema/api/admin";
import { createCounter, listCounters, listUnits, type SurveyName, updateCounter } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { pick, t } from "../../i18n";
import { useResource } from "../../state/resource";
import { Checkbox, SelectField, TextField } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { FormProblem, useForm } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import { AdminLayout } from "./AdminLayout";
import { surveysInUse } from "./surveys";
import { blankToNull, changed } from "./values";

/**
 * /staff/quan-tri/quay/moi and /quay/:id: a counter's code, name, unit, place and survey. The
 * public code printed in its QR is made by the server and never changes.
 */
export default function CounterFormPage() {
  const { params } = useRoute();
  const id = params.id;
  const [state, retry] = useResource(async (signal) => {
    const [{ counters }, { units }] = await Promise.all([listCounters({ signal }), listUnits({ signal })]);
    return { counters, units, surveys: await surveysInUse(counters, signal) };
  }, []);
  return (
    <AdminLayout title={id ? t("admin.counters.edit") : t("admin.counters.add")}>
      {() => {
        if (state.status === "loading") return <Loading />;
        if (state.status === "error") return <ErrorNotice error={state.error} onRetry={retry} />;
        const counter = id ? state.data.counters.find((c) => c.id === id) : undefined;
        if (id && !counter) return <p>{t("notFound.body")}</p>;
        return <CounterForm counter={counter} units={state.data.units} surveys={state.data.surveys} />;
      }}
    </AdminLayout>
  );
}

function CounterForm({ counter, units, surveys }: { counter?: Counter; units: Unit[]; surveys: SurveyName[] }) {
  const { route } = useLocation();
  const form = useForm();
  const [code, setCode] = useState(counter?.code ?? "");
  const [name, setName] = useState(counter?.name ?? "");
  const [unitId, setUnitId] = useState(counter?.unitId ?? units.find((u) => u.kind === "one_stop")?.id ?? "");
  const [location, setLocation] = useState(counter?.location ?? "");
  const [surveyTemplateId, setSurveyTemplateId] = useState(counter?.surveyTemplateId ?? surveys[0]?.id ?? "");
  const [active, setActive] = useState(counter?.active ?? true);
  const e = form.errors;

  const submit = (event: Event) => {
    event.preventDefault();
    const values = {
      code,
      name,
      unitId,
      location: blankToNull(location),
      surveyTemplateId: surveyTemplateId || null,
    };
    void form.run(
      async () => {
        const saved = counter
          ? await updateCounter(counter.id, changed(counter, { ...values, active }))
          : await createCounter(values);
        route(`/staff/quan-tri/quay?saved=${encodeURIComponent(saved.name)}`);
      },
      unitId ? undefined : { unitId: "staff.form.required" },
    );
  };

  return (
    <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit}>
      {counter && (
        <dl class={staffStyles.dl}>
          <dt>{t("admin.counters.publicCode")}</dt>
          <dd class={staffStyles.mono}>{counter.publicCode}</dd>
          <dt>{t("admin.counters.poster")}</dt>
          <dd>
            <a href={`/staff/quan-tri/quay/${counter.id}/ma-qr`}>{t("admin.counters.printPoster")}</a>
          </dd>
        </dl>
      )}
      <FormProblem form={form} known={["code", "name", "unitId", "location", "surveyTemplateId", "active"]} />
      <TextField
        path="code"
        label={t("admin.code")}
        hint={t("admin.codeHint")}
        value={code}
        onInput={setCode}
        autoCapitalize="none"
        spellcheck={false}
        required
        error={e.code}
      />
      <TextField
        path="name"
        label={t("admin.counters.name")}
        hint={t("admin.counters.nameHint")}
        value={name}
        onInput={setName}
        required
        error={e.name}
        lang="vi"
      />
      <SelectField
        path="unitId"
        label={t("admin.counters.unit")}
        value={unitId}
        onChange={setUnitId}
        options={[
          ...(unitId ? [] : [{ value: "", label: t("admin.choose") }]),
          ...units.filter((u) => u.active || u.id === unitId).map((u) => ({ value: u.id, label: u.name, lang: "vi" })),
        ]}
        required
        error={e.unitId}
      />
      <TextField
        path="location"
        label={t("admin.counters.location")}
        hint={t("admin.counters.locationHint")}
        value={location}
        onInput={setLocation}
        error={e.location}
        lang="vi"
      />
      <SelectField
        path="surveyTemplateId"
        label={t("admin.counters.survey")}
        hint={t("admin.counters.surveyHint")}
        value={surveyTemplateId}
        onChange={setSurveyTemplateId}
        options={[
          { value: "", label: t("admin.counters.noSurvey") },
          ...surveys.map((s) => ({
            value: s.id,
            label: `${pick(s.name.vi, s.name.en)} (${t("admin.counters.surveyVersion", { v: s.version })})`,
          })),
        ]}
        error={e.surveyTemplateId}
      />
      {counter && (
        <Checkbox
          path="active"
          label={t("admin.activeLabel")}
          hint={t("admin.counters.activeHint")}
          checked={active}
          onChange={setActive}
          error={e.active}
        />
      )}
      <div class={formStyles.actions}>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? t("admin.saving") : t("admin.save")}
        </button>
        <a class="button button-secondary" href="/staff/quan-tri/quay">
          {t("staff.form.cancel")}
        </a>
      </div>
    </form>
  );
}
