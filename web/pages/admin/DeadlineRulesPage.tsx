import "../../i18n/admin";
import "../../i18n/admin-calendar";
import { useEffect, useRef, useState } from "preact/hooks";
import type { DeadlineRuleList, DeadlineRuleView, RuleStatus } from "../../../schema/api/admin-calendar";
import { createDeadlineRule, deleteDeadlineRule, endDeadlineRule, listDeadlineRules } from "../../api/admin-calendar";
import { describeError, ErrorNotice, Loading } from "../../components/Status";
import { type MessageKey, t } from "../../i18n";
import { useResource } from "../../state/resource";
import { SelectField, TextArea, TextField } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { ConfirmButton, FormProblem, Saved, useForm } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import styles from "./AdminCalendar.module.css";
import { AdminLayout } from "./AdminLayout";
import { CASE_KIND_KEYS, CASE_KINDS, parseDateVi, periodLabel, ruleSummary, stepLabel, todayVi } from "./calendar-bits";

/**
 * /staff/quan-tri/thoi-han: the deadline rules of petitions, complaints and denunciations by
 * case kind, in force / upcoming / ended, national (read-only, with legal basis and confidence
 * tag) and the agency's own overrides, with forms to add an override and to end one.
 */
export default function DeadlineRulesPage() {
  const [state, retry] = useResource((signal) => listDeadlineRules({ signal }), []);
  // Kept here, above the lists: a reload after a change replaces the lists, not the message.
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice || actionError) noticeRef.current?.focus();
  }, [notice, actionError]);
  const report: Report = {
    done: (message) => {
      setActionError(null);
      setNotice(message);
    },
    failed: (error) => {
      setNotice(null);
      setActionError(error);
    },
    clear: () => {
      setNotice(null);
      setActionError(null);
    },
  };
  return (
    <AdminLayout title={t("adminCalendar.rules.title")}>
      {() => (
        <>
          <p>{t("adminCalendar.rules.intro")}</p>
          {state.status === "loading" && <Loading />}
          {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
          <div ref={noticeRef} tabIndex={-1}>
            {notice && <Saved>{notice}</Saved>}
            {actionError !== null && <ActionProblem error={actionError} />}
          </div>
          {state.status === "ready" && <RulesView list={state.data} reload={retry} report={report} />}
        </>
      )}
    </AdminLayout>
  );
}

const CONFIDENCE_KEYS: Record<DeadlineRuleView["confidence"], MessageKey> = {
  P: "adminCalendar.confidence.P",
  S: "adminCalendar.confidence.S",
  I: "adminCalendar.confidence.I",
  U: "adminCalendar.confidence.U",
};

interface Report {
  done(message: string): void;
  failed(error: unknown): void;
  clear(): void;
}

function RulesView({ list, reload, report }: { list: DeadlineRuleList; reload: () => void; report: Report }) {
  const [ending, setEnding] = useState<DeadlineRuleView | null>(null);
  const endHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (ending) endHeading.current?.focus();
  }, [ending]);

  const remove = async (rule: DeadlineRuleView) => {
    report.clear();
    try {
      await deleteDeadlineRule(rule.id);
      report.done(t("adminCalendar.rules.deleted", { rule: ruleSummary(rule) }));
      reload();
    } catch (error) {
      report.failed(error);
    }
  };

  const startEnding = (rule: DeadlineRuleView) => {
    report.clear();
    setEnding(rule);
  };

  return (
    <>
      <p>{t("adminCalendar.rules.today", { date: list.today.display })}</p>

      {ending && (
        <section class={styles.panel} aria-labelledby="end-title" data-end-form>
          <h2 id="end-title" ref={endHeading} tabIndex={-1}>
            {t("adminCalendar.rules.endTitle", { rule: ruleSummary(ending) })}
          </h2>
          <p>{t("adminCalendar.rules.endAbout")}</p>
          <EndForm
            rule={ending}
            onDone={(rule) => {
              setEnding(null);
              report.done(
                t("adminCalendar.rules.ended.saved", { date: rule.validTo?.display ?? "", rule: ruleSummary(rule) }),
              );
              reload();
            }}
            onCancel={() => setEnding(null)}
          />
        </section>
      )}

      {CASE_KINDS.map((kind) => {
        const rules = list.rules.filter((r) => r.caseKind === kind);
        const of = (status: RuleStatus) => rules.filter((r) => r.status === status);
        const ended = of("ended");
        return (
          <section key={kind} class={staffStyles.section} aria-labelledby={`kind-${kind}`} data-case-kind={kind}>
            <h2 id={`kind-${kind}`}>{t(CASE_KIND_KEYS[kind])}</h2>
            {(["in_force", "upcoming"] as const).map((status) => (
              <div key={status} data-status={status}>
                <h3>{t(status === "in_force" ? "adminCalendar.rules.inForce" : "adminCalendar.rules.upcoming")}</h3>
                <RulesTable rules={of(status)} onEnd={startEnding} onDelete={remove} />
              </div>
            ))}
            {ended.length > 0 && (
              <details data-status="ended">
                <summary>{t("adminCalendar.rules.ended", { count: ended.length })}</summary>
                <RulesTable rules={ended} onEnd={startEnding} onDelete={remove} />
              </details>
            )}
          </section>
        );
      })}

      <section class={styles.panel} aria-labelledby="add-rule-title">
        <h2 id="add-rule-title">{t("adminCalendar.rules.add")}</h2>
        <RuleForm
          list={list}
          onSubmit={report.clear}
          onSaved={(rule) => {
            report.done(t("adminCalendar.rules.added", { rule: ruleSummary(rule) }));
            reload();
          }}
        />
      </section>
    </>
  );
}

function ActionProblem({ error }: { error: unknown }) {
  const { title, detail } = describeError(error);
  return (
    <div class={formStyles.problem} role="alert">
      <p class={formStyles.problemTitle}>{title}</p>
      {detail && <p>{detail}</p>}
    </div>
  );
}

function RulesTable({
  rules,
  onEnd,
  onDelete,
}: {
  rules: readonly DeadlineRuleView[];
  onEnd: (rule: DeadlineRuleView) => void;
  onDelete: (rule: DeadlineRuleView) => void;
}) {
  if (rules.length === 0) return <p>{t("adminCalendar.rules.none")}</p>;
  return (
    <div class={staffStyles.tableWrap}>
      <table class={staffStyles.table}>
        <thead>
          <tr>
            <th scope="col">{t("adminCalendar.rules.step")}</th>
            <th scope="col">{t("adminCalendar.rules.period")}</th>
            <th scope="col">{t("adminCalendar.rules.scope")}</th>
            <th scope="col">{t("adminCalendar.rules.basis")}</th>
            <th scope="col">{t("adminCalendar.rules.validity")}</th>
            <th scope="col">{t("adminCalendar.col.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} data-rule={r.id} data-scope={r.scope}>
              <td>
                {stepLabel(r.step)}
                <br />
                <span class={`${styles.muted} ${staffStyles.mono} ${styles.nowrap}`}>{r.step}</span>
              </td>
              <td>
                {periodLabel(r)}
                {r.maxTimes !== null && (
                  <>
                    <br />
                    <span class={styles.muted}>{t("adminCalendar.rules.maxTimes", { count: r.maxTimes })}</span>
                  </>
                )}
              </td>
              <td>
                <span class={`${styles.originBadge} ${r.scope === "agency" ? styles.agency : styles.national}`}>
                  {t(r.scope === "agency" ? "adminCalendar.rules.scope.agency" : "adminCalendar.rules.scope.national")}
                </span>
                {r.overridden && (
                  <>
                    <br />
                    <span class={styles.muted} data-overridden>
                      {t("adminCalendar.rules.overridden")}
                    </span>
                  </>
                )}
              </td>
              <td class={styles.basis}>
                <span lang="vi">{r.legalBasis}</span>
                <br />
                <span class={styles.muted}>
                  {t("adminCalendar.rules.confidence", { tag: t(CONFIDENCE_KEYS[r.confidence]) })}
                </span>
              </td>
              <td class={staffStyles.mono}>
                {r.validTo
                  ? t("adminCalendar.rules.fromTo", { from: r.validFrom.display, to: r.validTo.display })
                  : t("adminCalendar.rules.from", { from: r.validFrom.display })}
              </td>
              <td>
                {r.scope === "agency" && r.status !== "ended" && (
                  <div class={styles.rowActions}>
                    <button type="button" class="button button-secondary" onClick={() => onEnd(r)}>
                      {t("adminCalendar.rules.end")}
                      <span class="sr-only"> {ruleSummary(r)}</span>
                    </button>
                    {r.status === "upcoming" && (
                      <ConfirmButton
                        label={t("adminCalendar.delete")}
                        question={t("adminCalendar.rules.deleteQuestion")}
                        confirmLabel={t("adminCalendar.delete")}
                        danger
                        onConfirm={() => onDelete(r)}
                      />
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EndForm({
  rule,
  onDone,
  onCancel,
}: {
  rule: DeadlineRuleView;
  onDone: (rule: DeadlineRuleView) => void;
  onCancel: () => void;
}) {
  const form = useForm();
  const [validTo, setValidTo] = useState(rule.validTo?.display ?? todayVi());
  const submit = (event: Event) => {
    event.preventDefault();
    const iso = parseDateVi(validTo);
    void form.run(
      async () => onDone(await endDeadlineRule(rule.id, iso ?? "")),
      iso ? {} : { validTo: "adminCalendar.dateInvalid" },
    );
  };
  return (
    <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit}>
      <FormProblem form={form} known={["validTo"]} />
      <TextField
        path="validTo"
        label={t("adminCalendar.rules.validTo")}
        hint={t("adminCalendar.form.dateHint")}
        value={validTo}
        onInput={setValidTo}
        inputMode="numeric"
        autoComplete="off"
        maxLength={10}
        required
        error={form.errors.validTo}
      />
      <div class={formStyles.actions}>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? t("admin.saving") : t("adminCalendar.rules.endSubmit")}
        </button>
        <button type="button" class="button button-secondary" onClick={onCancel}>
          {t("staff.form.cancel")}
        </button>
      </div>
    </form>
  );
}

/** The steps the case workflow asks a deadline for, per case kind (DOMAIN §4). */
const KNOWN_STEPS: Record<DeadlineRuleView["caseKind"], readonly string[]> = {
  petition: ["forward", "reject", "answer", "publish", "reception_answer"],
  complaint: [
    "accept",
    "resolve",
    "resolve_complex",
    "resolve_remote",
    "resolve_remote_complex",
    "send_decision",
    "accept_second",
    "resolve_second",
    "resolve_second_complex",
    "reception_answer",
  ],
  denunciation: [
    "initial_processing",
    "initial_processing_extended",
    "forward",
    "resolve",
    "extend",
    "reception_answer",
  ],
};

function RuleForm({
  list,
  onSubmit,
  onSaved,
}: {
  list: DeadlineRuleList;
  onSubmit: () => void;
  onSaved: (rule: DeadlineRuleView) => void;
}) {
  const form = useForm();
  const [caseKind, setCaseKind] = useState<DeadlineRuleView["caseKind"]>("complaint");
  const stepsOf = (kind: DeadlineRuleView["caseKind"]) => {
    const known = KNOWN_STEPS[kind];
    const used = list.rules.filter((r) => r.caseKind === kind && !known.includes(r.step)).map((r) => r.step);
    return [...known, ...new Set(used)];
  };
  const [step, setStep] = useState(stepsOf("complaint")[0] ?? "accept");
  const [period, setPeriod] = useState("");
  const [dayType, setDayType] = useState<DeadlineRuleView["dayType"]>("working");
  const [legalBasis, setLegalBasis] = useState("");
  const [confidence, setConfidence] = useState<DeadlineRuleView["confidence"]>("P");
  const [maxTimes, setMaxTimes] = useState("");
  const [validFrom, setValidFrom] = useState(todayVi());
  const [validTo, setValidTo] = useState("");
  const [note, setNote] = useState("");
  const e = form.errors;
  const steps = stepsOf(caseKind);

  const submit = (event: Event) => {
    event.preventDefault();
    onSubmit();
    const from = parseDateVi(validFrom);
    const to = validTo.trim() ? parseDateVi(validTo) : null;
    const local: Record<string, MessageKey> = {};
    if (!from) local.validFrom = "adminCalendar.dateInvalid";
    if (validTo.trim() && !to) local.validTo = "adminCalendar.dateInvalid";
    void form.run(async () => {
      const saved = await createDeadlineRule({
        caseKind,
        step,
        period: period.trim() === "" ? Number.NaN : Number(period),
        dayType,
        legalBasis,
        confidence,
        maxTimes: maxTimes.trim() === "" ? null : Number(maxTimes),
        note: note.trim() || null,
        validFrom: from ?? "",
        validTo: to,
      });
      setPeriod("");
      setLegalBasis("");
      setMaxTimes("");
      setValidTo("");
      setNote("");
      onSaved(saved);
    }, local);
  };

  return (
    <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit} data-rule-form>
      <FormProblem
        form={form}
        known={[
          "caseKind",
          "step",
          "period",
          "dayType",
          "legalBasis",
          "confidence",
          "maxTimes",
          "validFrom",
          "validTo",
          "note",
        ]}
      />
      <SelectField
        path="caseKind"
        label={t("adminCalendar.rules.form.caseKind")}
        value={caseKind}
        onChange={(v) => {
          const kind = v as DeadlineRuleView["caseKind"];
          setCaseKind(kind);
          setStep(stepsOf(kind)[0] ?? "accept");
        }}
        options={CASE_KINDS.map((k) => ({ value: k, label: t(CASE_KIND_KEYS[k]) }))}
        required
        error={e.caseKind}
      />
      <SelectField
        path="step"
        label={t("adminCalendar.rules.form.step")}
        value={step}
        onChange={setStep}
        options={steps.map((s) => ({ value: s, label: `${stepLabel(s)} (${s})` }))}
        required
        error={e.step}
      />
      <div class={formStyles.row}>
        <TextField
          path="period"
          label={t("adminCalendar.rules.form.period")}
          value={period}
          onInput={setPeriod}
          type="number"
          inputMode="numeric"
          min="1"
          max="366"
          required
          error={e.period}
        />
        <TextField
          path="maxTimes"
          label={t("adminCalendar.rules.form.maxTimes")}
          hint={t("adminCalendar.rules.form.maxTimesHint")}
          value={maxTimes}
          onInput={setMaxTimes}
          type="number"
          inputMode="numeric"
          min="1"
          max="10"
          error={e.maxTimes}
        />
      </div>
      <SelectField
        path="dayType"
        label={t("adminCalendar.rules.form.dayType")}
        value={dayType}
        onChange={(v) => setDayType(v as DeadlineRuleView["dayType"])}
        options={[
          { value: "working", label: t("adminCalendar.rules.form.dayType.working") },
          { value: "calendar", label: t("adminCalendar.rules.form.dayType.calendar") },
        ]}
        required
        error={e.dayType}
      />
      <TextArea
        path="legalBasis"
        label={t("adminCalendar.rules.form.legalBasis")}
        hint={t("adminCalendar.rules.form.legalBasisHint")}
        value={legalBasis}
        onInput={setLegalBasis}
        maxLength={500}
        required
        error={e.legalBasis}
        lang="vi"
      />
      <SelectField
        path="confidence"
        label={t("adminCalendar.rules.form.confidence")}
        value={confidence}
        onChange={(v) => setConfidence(v as DeadlineRuleView["confidence"])}
        options={(["P", "S", "I", "U"] as const).map((c) => ({ value: c, label: t(CONFIDENCE_KEYS[c]) }))}
        required
        error={e.confidence}
      />
      <div class={formStyles.row}>
        <TextField
          path="validFrom"
          label={t("adminCalendar.rules.form.validFrom")}
          hint={t("adminCalendar.rules.form.validFromHint")}
          value={validFrom}
          onInput={setValidFrom}
          inputMode="numeric"
          autoComplete="off"
          maxLength={10}
          required
          error={e.validFrom}
        />
        <TextField
          path="validTo"
          label={t("adminCalendar.rules.form.validTo")}
          value={validTo}
          onInput={setValidTo}
          inputMode="numeric"
          autoComplete="off"
          maxLength={10}
          error={e.validTo}
        />
      </div>
      <TextArea
        path="note"
        label={t("adminCalendar.rules.form.note")}
        value={note}
        onInput={setNote}
        maxLength={1000}
        error={e.note}
        lang="vi"
      />
      <div class={formStyles.actions}>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? t("admin.saving") : t("adminCalendar.rules.add")}
        </button>
      </div>
    </form>
  );
}
