import "../../i18n/admin";
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { Unit } from "../../../schema/api/admin";
import { createUnit, listUnits, updateUnit } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useResource } from "../../state/resource";
import { Checkbox, SelectField, TextField } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { FormProblem, useForm } from "../staff/form";
import { AdminLayout } from "./AdminLayout";
import { UNIT_KIND_KEYS, UNIT_KINDS } from "./labels";
import { changed } from "./values";

/** /staff/quan-tri/don-vi/moi and /don-vi/:id: a unit's code, name, kind, parent and state. */
export default function UnitFormPage() {
  const { params } = useRoute();
  const id = params.id;
  const [state, retry] = useResource((signal) => listUnits({ signal }), []);
  return (
    <AdminLayout title={id ? t("admin.units.edit") : t("admin.units.add")}>
      {() => {
        if (state.status === "loading") return <Loading />;
        if (state.status === "error") return <ErrorNotice error={state.error} onRetry={retry} />;
        const unit = id ? state.data.units.find((u) => u.id === id) : undefined;
        if (id && !unit) return <p>{t("notFound.body")}</p>;
        return <UnitForm unit={unit} units={state.data.units} />;
      }}
    </AdminLayout>
  );
}

function UnitForm({ unit, units }: { unit: Unit | undefined; units: Unit[] }) {
  const { route } = useLocation();
  const form = useForm();
  const [code, setCode] = useState(unit?.code ?? "");
  const [name, setName] = useState(unit?.name ?? "");
  const [kind, setKind] = useState<Unit["kind"]>(unit?.kind ?? "division");
  const [parentId, setParentId] = useState(unit?.parentId ?? "");
  const [active, setActive] = useState(unit?.active ?? true);
  const e = form.errors;

  const submit = (event: Event) => {
    event.preventDefault();
    const values = { code, name, kind, parentId: parentId || null };
    void form.run(async () => {
      const saved = unit ? await updateUnit(unit.id, changed(unit, { ...values, active })) : await createUnit(values);
      route(`/staff/quan-tri/don-vi?saved=${encodeURIComponent(saved.name)}`);
    });
  };

  return (
    <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit}>
      <FormProblem form={form} known={["code", "name", "kind", "parentId", "active"]} />
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
        label={t("admin.units.name")}
        value={name}
        onInput={setName}
        required
        error={e.name}
        lang="vi"
      />
      <SelectField
        path="kind"
        label={t("admin.units.kind")}
        value={kind}
        onChange={(v) => setKind(v as Unit["kind"])}
        options={UNIT_KINDS.map((k) => ({ value: k, label: t(UNIT_KIND_KEYS[k]) }))}
        required
        error={e.kind}
      />
      <SelectField
        path="parentId"
        label={t("admin.units.parent")}
        value={parentId}
        onChange={setParentId}
        options={[
          { value: "", label: t("admin.units.noParent") },
          ...units.filter((u) => u.id !== unit?.id).map((u) => ({ value: u.id, label: u.name, lang: "vi" })),
        ]}
        error={e.parentId}
      />
      {unit && (
        <Checkbox path="active" label={t("admin.activeLabel")} checked={active} onChange={setActive} error={e.active} />
      )}
      <div class={formStyles.actions}>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? t("admin.saving") : t("admin.save")}
        </button>
        <a class="button button-secondary" href="/staff/quan-tri/don-vi">
          {t("staff.form.cancel")}
        </a>
      </div>
    </form>
  );
}
