import "../../i18n/admin";
import "../../i18n/admin-surveys";
import { useRef, useState } from "preact/hooks";
import type { z } from "zod";
import type { Procedure, Unit } from "../../../schema/api/admin";
import type { RoutingRuleSchema } from "../../../schema/api/cases";
import { listProcedures, listUnits } from "../../api/admin";
import { createRoutingRule, listRoutingRules, updateRoutingRule } from "../../api/admin-surveys";
import { ErrorNotice, Loading } from "../../components/Status";
import { type MessageKey, t } from "../../i18n";
import { useResource } from "../../state/resource";
import { SelectField, TextArea } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { FormProblem, Saved, useForm } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import { AdminLayout } from "./AdminLayout";

type RoutingRule = z.infer<typeof RoutingRuleSchema>;
type CaseKind = "petition" | "complaint" | "denunciation";
const KINDS: readonly CaseKind[] = ["petition", "complaint", "denunciation"];
const KIND_KEYS: Record<CaseKind, MessageKey> = {
  petition: "routing.kind.petition",
  complaint: "routing.kind.complaint",
  denunciation: "routing.kind.denunciation",
};

/** Same order as worker/cases/routing.ts: procedure, then the unit concerned, then the kind. */
function specificity(r: RoutingRule): number {
  return (r.procedureId ? 4 : 0) + (r.sourceUnitId ? 2 : 0) + (r.caseKind ? 1 : 0);
}

/** The default recipient when no rule matches (worker/cases/routing.ts, without the agency setting). */
export function defaultRecipient(units: readonly Unit[], kind: CaseKind): Unit | undefined {
  const active = units.filter((u) => u.active);
  const preferred: Unit["kind"][] = kind === "petition" ? ["office"] : ["inspectorate", "office"];
  for (const k of preferred) {
    const unit = active.find((u) => u.kind === k);
    if (unit) return unit;
  }
  return active[0];
}

/**
 * /staff/quan-tri/phan-luong: which unit handles a new petition, complaint or denunciation.
 * Lists the rules most specific first (the order they are tried in), adds, edits, deactivates.
 */
export default function RoutingRulesPage() {
  const [state, retry] = useResource(async (signal) => {
    const [{ rules }, { units }, { procedures }] = await Promise.all([
      listRoutingRules({ signal }),
      listUnits({ signal }),
      listProcedures({}, { signal }),
    ]);
    return { rules, units, procedures };
  }, []);
  return (
    <AdminLayout title={t("routing.title")}>
      {() => (
        <>
          <p data-routing-order>{t("routing.order")}</p>
          {state.status === "loading" && <Loading />}
          {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
          {state.status === "ready" && (
            <Rules initial={state.data.rules} units={state.data.units} procedures={state.data.procedures} />
          )}
        </>
      )}
    </AdminLayout>
  );
}

function Rules({ initial, units, procedures }: { initial: RoutingRule[]; units: Unit[]; procedures: Procedure[] }) {
  const [rules, setRules] = useState(initial);
  const [editing, setEditing] = useState<RoutingRule | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const rowForm = useForm();
  const unitName = (id: string | null) =>
    id === null ? t("routing.any") : (units.find((u) => u.id === id)?.name ?? t("routing.unknown"));
  const procedureName = (id: string | null) =>
    id === null ? t("routing.any") : (procedures.find((p) => p.id === id)?.name ?? t("routing.unknown"));
  const sorted = [...rules].sort((a, b) => Number(b.active) - Number(a.active) || specificity(b) - specificity(a));
  const replace = (rule: RoutingRule) => setRules((all) => all.map((r) => (r.id === rule.id ? rule : r)));
  const petitionDefault = defaultRecipient(units, "petition");
  const complaintDefault = defaultRecipient(units, "complaint");

  return (
    <>
      {message && <Saved>{message}</Saved>}
      <section class={staffStyles.section} aria-labelledby="routing-fallback">
        <h2 id="routing-fallback">{t("routing.fallback")}</h2>
        <p>{t("routing.fallback.about")}</p>
        <dl class={staffStyles.dl} data-routing-fallback>
          <dt>{t("routing.fallback.petition")}</dt>
          <dd lang="vi">{petitionDefault?.name ?? t("routing.fallback.none")}</dd>
          <dt>{t("routing.fallback.complaint")}</dt>
          <dd lang="vi">{complaintDefault?.name ?? t("routing.fallback.none")}</dd>
        </dl>
      </section>

      <section class={staffStyles.section} aria-labelledby="routing-rules">
        <h2 id="routing-rules">{t("routing.rules")}</h2>
        <form ref={rowForm.formRef} onSubmit={(e) => e.preventDefault()}>
          <FormProblem form={rowForm} />
        </form>
        {rules.length === 0 ? (
          <p>{t("routing.none")}</p>
        ) : (
          <div class={staffStyles.tableWrap}>
            <table class={staffStyles.table} data-routing-rules>
              <caption class="sr-only">{t("routing.rules")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("routing.kind")}</th>
                  <th scope="col">{t("routing.source")}</th>
                  <th scope="col">{t("routing.procedure")}</th>
                  <th scope="col">{t("routing.handling")}</th>
                  <th scope="col">{t("routing.note")}</th>
                  <th scope="col">{t("admin.status")}</th>
                  <th scope="col">{t("routing.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.id} data-rule={r.id}>
                    <td>{r.caseKind ? t(KIND_KEYS[r.caseKind]) : t("routing.any")}</td>
                    <td lang="vi">{unitName(r.sourceUnitId)}</td>
                    <td lang="vi">{procedureName(r.procedureId)}</td>
                    <td lang="vi">
                      <strong>{unitName(r.handlingUnitId)}</strong>
                    </td>
                    <td lang="vi">{r.note ?? "—"}</td>
                    <td>{r.active ? t("routing.active") : t("routing.inactive")}</td>
                    <td>
                      <div class={formStyles.actions}>
                        <button
                          type="button"
                          class="button button-secondary"
                          onClick={() => {
                            setEditing(r);
                            setMessage(null);
                            requestAnimationFrame(() => formHeading.current?.focus());
                          }}
                        >
                          {t("routing.edit")}
                        </button>
                        <button
                          type="button"
                          class="button button-secondary"
                          disabled={rowForm.busy}
                          onClick={() =>
                            void rowForm.run(async () => {
                              const saved = await updateRoutingRule(r.id, { active: !r.active });
                              replace(saved);
                              setMessage(saved.active ? t("routing.activated") : t("routing.deactivated"));
                            })
                          }
                        >
                          {r.active ? t("routing.deactivate") : t("routing.activate")}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class={staffStyles.section} aria-labelledby="routing-form-title">
        <h2 id="routing-form-title" ref={formHeading} tabIndex={-1}>
          {editing ? t("routing.editTitle") : t("routing.addTitle")}
        </h2>
        <RuleForm
          key={editing?.id ?? "new"}
          rule={editing}
          units={units}
          procedures={procedures}
          onCancel={() => setEditing(null)}
          onSaved={(rule, created) => {
            if (created) setRules((all) => [...all, rule]);
            else replace(rule);
            setEditing(null);
            setMessage(created ? t("routing.added") : t("routing.saved"));
          }}
        />
      </section>
    </>
  );
}

function RuleForm({
  rule,
  units,
  procedures,
  onSaved,
  onCancel,
}: {
  rule: RoutingRule | null;
  units: Unit[];
  procedures: Procedure[];
  onSaved: (rule: RoutingRule, created: boolean) => void;
  onCancel: () => void;
}) {
  const form = useForm();
  const [caseKind, setCaseKind] = useState<string>(rule?.caseKind ?? "");
  const [sourceUnitId, setSourceUnitId] = useState(rule?.sourceUnitId ?? "");
  const [procedureId, setProcedureId] = useState(rule?.procedureId ?? "");
  const [handlingUnitId, setHandlingUnitId] = useState(rule?.handlingUnitId ?? "");
  const [note, setNote] = useState(rule?.note ?? "");
  const e = form.errors;
  const unitOptions = units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name, lang: "vi" }));

  const submit = (event: Event) => {
    event.preventDefault();
    const values = {
      caseKind: (caseKind || null) as CaseKind | null,
      sourceUnitId: sourceUnitId || null,
      procedureId: procedureId || null,
      handlingUnitId,
    };
    void form.run(
      async () => {
        if (rule) {
          onSaved(await updateRoutingRule(rule.id, { ...values, note: note.trim() || null }), false);
        } else {
          onSaved(await createRoutingRule({ ...values, ...(note.trim() && { note: note.trim() }) }), true);
        }
      },
      handlingUnitId ? undefined : { handlingUnitId: "staff.form.required" },
    );
  };

  return (
    <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit} data-routing-form>
      <FormProblem form={form} known={["caseKind", "sourceUnitId", "procedureId", "handlingUnitId", "note"]} />
      <SelectField
        path="caseKind"
        label={t("routing.kind")}
        value={caseKind}
        onChange={setCaseKind}
        options={[{ value: "", label: t("routing.any") }, ...KINDS.map((k) => ({ value: k, label: t(KIND_KEYS[k]) }))]}
        error={e.caseKind}
      />
      <SelectField
        path="sourceUnitId"
        label={t("routing.source")}
        value={sourceUnitId}
        onChange={setSourceUnitId}
        options={[{ value: "", label: t("routing.any") }, ...unitOptions]}
        error={e.sourceUnitId}
      />
      <SelectField
        path="procedureId"
        label={t("routing.procedure")}
        value={procedureId}
        onChange={setProcedureId}
        options={[
          { value: "", label: t("routing.any") },
          ...procedures
            .filter((p) => p.active || p.id === procedureId)
            .map((p) => ({ value: p.id, label: `${p.nationalCode} – ${p.name}`, lang: "vi" })),
        ]}
        error={e.procedureId}
      />
      <SelectField
        path="handlingUnitId"
        label={t("routing.handling")}
        value={handlingUnitId}
        onChange={setHandlingUnitId}
        options={[...(handlingUnitId ? [] : [{ value: "", label: t("admin.choose") }]), ...unitOptions]}
        required
        error={e.handlingUnitId}
      />
      <TextArea path="note" label={t("routing.note")} value={note} onInput={setNote} error={e.note} maxLength={1000} />
      <div class={formStyles.actions}>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? t("admin.saving") : rule ? t("admin.save") : t("routing.add")}
        </button>
        {rule && (
          <button type="button" class="button button-secondary" onClick={onCancel}>
            {t("staff.form.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
