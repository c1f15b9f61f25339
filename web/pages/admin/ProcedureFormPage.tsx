import "../../i18n/admin";
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { Procedure, Unit } from "../../../schema/api/admin";
import { createProcedure, getProcedure, listUnits, updateProcedure } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { type MessageKey, t } from "../../i18n";
import { useResource } from "../../state/resource";
import { Checkbox, SelectField, TextArea, TextField } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { FormProblem, useForm } from "../staff/form";
import { AdminLayout } from "./AdminLayout";
import { ONLINE_LEVEL_KEYS, ONLINE_LEVELS, TIME_UNIT_KEYS, TIME_UNITS } from "./labels";
import { blankToNull, changed, parseDecimal } from "./values";

/** /staff/quan-tri/thu-tuc/moi and /thu-tuc/:id: one procedure of the national TTHC list. */
export default function ProcedureFormPage() {
  const { params } = useRoute();
  const id = params.id;
  const [state, retry] = useResource(
    async (signal) => {
      const [{ units }, procedure] = await Promise.all([
        listUnits({ signal }),
        id ? getProcedure(id, { signal }) : Promise.resolve(undefined),
      ]);
      return { units, procedure };
    },
    [id],
  );
  return (
    <AdminLayout title={id ? t("admin.procedures.edit") : t("admin.procedures.add")}>
      {() => {
        if (state.status === "loading") return <Loading />;
        if (state.status === "error") return <ErrorNotice error={state.error} onRetry={retry} />;
        return <ProcedureForm procedure={state.data.procedure} units={state.data.units} />;
      }}
    </AdminLayout>
  );
}

function ProcedureForm({ procedure, units }: { procedure: Procedure | undefined; units: Unit[] }) {
  const { route } = useLocation();
  const form = useForm();
  const [nationalCode, setNationalCode] = useState(procedure?.nationalCode ?? "");
  const [name, setName] = useState(procedure?.name ?? "");
  const [field, setField] = useState(procedure?.field ?? "");
  const [time, setTime] = useState(procedure ? String(procedure.processingTime).replace(".", ",") : "");
  const [timeUnit, setTimeUnit] = useState<Procedure["processingTimeUnit"]>(
    procedure?.processingTimeUnit ?? "working_days",
  );
  const [unitId, setUnitId] = useState(procedure?.unitId ?? "");
  const [onlineLevel, setOnlineLevel] = useState<string>(procedure?.onlineLevel ?? "");
  const [feeNote, setFeeNote] = useState(procedure?.feeNote ?? "");
  const [active, setActive] = useState(procedure?.active ?? true);
  const e = form.errors;

  const submit = (event: Event) => {
    event.preventDefault();
    const processingTime = timeUnit === "same_day" ? 0 : parseDecimal(time);
    const local: Record<string, MessageKey> = {};
    if (processingTime === null || processingTime < 0) local.processingTime = "admin.procedures.timeNumber";
    if (!unitId) local.unitId = "staff.form.required";
    const values = {
      nationalCode,
      name,
      field,
      processingTime: processingTime ?? 0,
      processingTimeUnit: timeUnit,
      unitId,
      onlineLevel: (onlineLevel || null) as Procedure["onlineLevel"],
      feeNote: blankToNull(feeNote),
    };
    void form.run(async () => {
      const saved = procedure
        ? await updateProcedure(procedure.id, changed(procedure, { ...values, active }))
        : await createProcedure(values);
      route(`/staff/quan-tri/thu-tuc?saved=${encodeURIComponent(saved.nationalCode)}`);
    }, local);
  };

  return (
    <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit}>
      <FormProblem
        form={form}
        known={[
          "nationalCode",
          "name",
          "field",
          "processingTime",
          "processingTimeUnit",
          "unitId",
          "onlineLevel",
          "feeNote",
          "active",
        ]}
      />
      <TextField
        path="nationalCode"
        label={t("admin.procedures.nationalCode")}
        hint={t("admin.procedures.nationalCodeHint")}
        value={nationalCode}
        onInput={setNationalCode}
        autoCapitalize="none"
        spellcheck={false}
        required
        error={e.nationalCode}
      />
      <TextArea
        path="name"
        label={t("admin.procedures.name")}
        value={name}
        onInput={setName}
        required
        error={e.name}
        lang="vi"
      />
      <TextField
        path="field"
        label={t("admin.procedures.field")}
        hint={t("admin.procedures.fieldHint")}
        value={field}
        onInput={setField}
        required
        error={e.field}
        lang="vi"
      />
      <div class={formStyles.row}>
        <SelectField
          path="processingTimeUnit"
          label={t("admin.procedures.timeUnit")}
          value={timeUnit}
          onChange={(v) => setTimeUnit(v as Procedure["processingTimeUnit"])}
          options={TIME_UNITS.map((u) => ({ value: u, label: t(TIME_UNIT_KEYS[u]) }))}
          required
          error={e.processingTimeUnit}
        />
        {timeUnit !== "same_day" && (
          <TextField
            path="processingTime"
            label={t("admin.procedures.time")}
            hint={t("admin.procedures.timeHint")}
            value={time}
            onInput={setTime}
            inputMode="decimal"
            required
            error={e.processingTime}
          />
        )}
      </div>
      <SelectField
        path="unitId"
        label={t("admin.procedures.unit")}
        value={unitId}
        onChange={setUnitId}
        options={[
          ...(unitId ? [] : [{ value: "", label: t("admin.choose") }]),
          ...units.filter((u) => u.active || u.id === unitId).map((u) => ({ value: u.id, label: u.name, lang: "vi" })),
        ]}
        required
        error={e.unitId}
      />
      <SelectField
        path="onlineLevel"
        label={t("admin.procedures.onlineLevel")}
        value={onlineLevel}
        onChange={setOnlineLevel}
        options={[
          { value: "", label: t("admin.procedures.onlineUnknown") },
          ...ONLINE_LEVELS.map((l) => ({ value: l, label: t(ONLINE_LEVEL_KEYS[l]) })),
        ]}
        error={e.onlineLevel}
      />
      <TextArea
        path="feeNote"
        label={t("admin.procedures.fee")}
        value={feeNote}
        onInput={setFeeNote}
        error={e.feeNote}
        lang="vi"
      />
      {procedure && (
        <Checkbox
          path="active"
          label={t("admin.procedures.activeLabel")}
          checked={active}
          onChange={setActive}
          error={e.active}
        />
      )}
      <div class={formStyles.actions}>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? t("admin.saving") : t("admin.save")}
        </button>
        <a class="button button-secondary" href="/staff/quan-tri/thu-tuc">
          {t("staff.form.cancel")}
        </a>
      </div>
    </form>
  );
}
