import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { SubmissionRequest, SurveyDefinition } from "../../../schema/api/ratings";
import { type MessageKey, t } from "../../i18n";
import {
  answeredInForm,
  criterionField,
  elementField,
  emptyForm,
  type FieldError,
  type FieldId,
  type FormState,
  hasLowAnswer,
  reasonNeeded,
  type Step,
  stepOfField,
  stepsOf,
  validate,
} from "./form-model";
import { ChoiceQuestion, domId, Localized, plain, ScaleQuestion, TextField } from "./Questions";
import styles from "./RateForm.module.css";

/**
 * The rating form for one survey definition: the quick counter form on one screen, or the long
 * SIPAS form in parts with a progress indicator. It checks what it can before sending (and
 * focuses the first field to fix), then hands the request body to `onSubmit`; field errors
 * the API returns come back through `serverErrors`.
 */
export function RateForm({
  def,
  build,
  onSubmit,
  busy,
  serverErrors,
}: {
  def: SurveyDefinition;
  /** Builds the request from the form (the flow adds source, key and Turnstile token). */
  build: (state: FormState) => SubmissionRequest;
  onSubmit: (body: SubmissionRequest) => void;
  busy: boolean;
  /** Field → message in the reader's language, from a 422. */
  serverErrors: Readonly<Record<FieldId, string>>;
}) {
  const steps = useMemo(() => stepsOf(def), [def]);
  const [state, setState] = useState<FormState>(emptyForm);
  const [stepIndex, setStepIndex] = useState(0);
  /** Steps the citizen tried to leave (or send) with fields to fix: only their errors show. */
  const [attempted, setAttempted] = useState<ReadonlySet<number>>(new Set());
  const [dismissed, setDismissed] = useState<ReadonlySet<FieldId>>(new Set());
  const [expectationsFull, setExpectationsFull] = useState(false);
  const focusTarget = useRef<{ kind: "field"; field: FieldId } | { kind: "step" } | null>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);

  const step = steps[stepIndex] ?? steps[0]!;
  const clientErrors =
    attempted.size === 0 ? [] : validate(def, state).filter((e) => attempted.has(stepOfField(def, e.field)));

  // A server error for a field (422) shows until the citizen changes that field.
  useEffect(() => {
    setDismissed(new Set());
    const fields = Object.keys(serverErrors);
    if (fields.length > 0) {
      const first = fields[0]!;
      setStepIndex(stepOfField(def, first));
      focusTarget.current = { kind: "field", field: first };
    }
  }, [serverErrors, def]);

  const errorOf = (field: FieldId): string | undefined => {
    const client = clientErrors.find((e) => e.field === field);
    if (client) return t(`rate.error.${client.problem}` as MessageKey);
    return dismissed.has(field) ? undefined : serverErrors[field];
  };

  const update = (field: FieldId, change: (s: FormState) => FormState) => {
    setState(change);
    if (serverErrors[field]) setDismissed((d) => new Set(d).add(field));
  };

  // Move focus after the DOM shows the new step or the errors: to the first field to fix, or to
  // the new step's heading so that a screen reader announces where the citizen is.
  useLayoutEffect(() => {
    const target = focusTarget.current;
    if (!target) return;
    focusTarget.current = null;
    if (target.kind === "step") {
      stepHeading.current?.focus();
      stepHeading.current?.scrollIntoView({ block: "start" });
      return;
    }
    const el = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(target.field)}"]`);
    if (!el) return;
    const focusable = el.matches("input, textarea")
      ? el
      : (el.querySelector<HTMLElement>("input:checked") ?? el.querySelector<HTMLElement>("input, textarea"));
    focusable?.focus();
    el.scrollIntoView({ block: "center" });
  });

  const goNext = () => {
    const errors: FieldError[] = validate(def, state, step);
    if (errors.length > 0) {
      setAttempted((a) => new Set(a).add(stepIndex));
      focusTarget.current = { kind: "field", field: errors[0]!.field };
      return;
    }
    setStepIndex(stepIndex + 1);
    focusTarget.current = { kind: "step" };
  };

  const goBack = () => {
    setStepIndex(Math.max(0, stepIndex - 1));
    focusTarget.current = { kind: "step" };
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (stepIndex < steps.length - 1) {
      goNext();
      return;
    }
    const errors = validate(def, state);
    if (errors.length > 0) {
      setAttempted(new Set(errors.map((e) => stepOfField(def, e.field))));
      const first = errors[0]!.field;
      setStepIndex(stepOfField(def, first));
      focusTarget.current = { kind: "field", field: first };
      return;
    }
    onSubmit(build(state));
  };

  const quick = def.kind === "quick";
  // The quick form lists the best level first, as counter devices do; SIPAS lists lowest first.
  const options = quick ? [...def.scale.options].reverse() : def.scale.options;
  const layout = quick ? "row" : "column";
  const low = hasLowAnswer(def, state);
  const last = stepIndex === steps.length - 1;
  const visibleErrors = clientErrors.filter((e) => stepOfField(def, e.field) === stepIndex).length;

  const criteriaOf = (index: number) => {
    const element = def.elements[index]!;
    return element.criteria.map((c, j) => {
      const field = criterionField(c.code);
      const optional = !c.required && def.overall.criterionCode !== c.code;
      return (
        <ScaleQuestion
          key={c.code}
          field={field}
          number={quick ? undefined : `${index + 1}.${j + 1}`}
          question={c.text}
          options={options}
          value={state.answers[c.code]}
          optional={optional}
          error={errorOf(field)}
          layout={layout}
          onChange={(score) =>
            update(field, (s) => {
              const answers = { ...s.answers };
              if (score === null) delete answers[c.code];
              else answers[c.code] = score;
              return { ...s, answers };
            })
          }
        />
      );
    });
  };

  const overallQuestion =
    def.overall.criterionCode === null ? (
      <ScaleQuestion
        field="overall"
        question={def.overall.question}
        options={options}
        value={state.overall}
        error={errorOf("overall")}
        layout={layout}
        onChange={(score) => update("overall", (s) => ({ ...s, overall: score }))}
      />
    ) : null;

  const followUp = low && (
    <section class={styles.followUp} aria-labelledby="rate-followup-title">
      <h3 id="rate-followup-title" class={styles.sectionTitle}>
        {t("rate.followUp.title")}
      </h3>
      {def.reasonRequiredAtOrBelow !== null ? (
        <TextField
          field="reason"
          label={t("rate.reason.label")}
          hint={t("rate.reason.hint")}
          value={state.reason}
          error={errorOf("reason")}
          multiline
          required={reasonNeeded(def, state)}
          maxLength={2000}
          onInput={(reason) => update("reason", (s) => ({ ...s, reason }))}
        />
      ) : (
        <>
          <p>{t("rate.followUp.intro")}</p>
          <TextField
            field="whatWentWrong"
            label={
              <>
                {t("rate.whatWentWrong.label")} <span class={styles.optional}>{t("rate.optional")}</span>
              </>
            }
            hint={t("rate.whatWentWrong.hint")}
            value={state.whatWentWrong}
            error={errorOf("whatWentWrong")}
            multiline
            maxLength={2000}
            onInput={(whatWentWrong) => update("whatWentWrong", (s) => ({ ...s, whatWentWrong }))}
          />
        </>
      )}
      <fieldset class={styles.contact}>
        <legend class={styles.legend}>
          {t("rate.contact.title")} <span class={styles.optional}>{t("rate.optional")}</span>
        </legend>
        <TextField
          field="contact"
          label={t("rate.contact.label")}
          hint={t("rate.contact.hint")}
          value={state.contact}
          error={errorOf("contact")}
          maxLength={200}
          onInput={(contact) => update("contact", (s) => ({ ...s, contact }))}
        />
        <div class={`${styles.consent} ${errorOf("consent") ? styles.invalid : ""}`}>
          {errorOf("consent") && (
            <p id={`${domId("consent")}-error`} class={styles.fieldError}>
              <span aria-hidden="true">⚠ </span>
              {errorOf("consent")}
            </p>
          )}
          <label class={styles.checkOption}>
            <input
              type="checkbox"
              id={domId("consent")}
              data-field="consent"
              checked={state.consent}
              aria-invalid={errorOf("consent") ? "true" : undefined}
              aria-describedby={errorOf("consent") ? `${domId("consent")}-error` : undefined}
              onChange={(e) => {
                const consent = (e.currentTarget as HTMLInputElement).checked;
                update("consent", (s) => ({ ...s, consent }));
              }}
            />
            <span>
              <Localized text={def.contactConsent.text} />
            </span>
          </label>
        </div>
      </fieldset>
    </section>
  );

  const respondent = (
    <>
      <ChoiceQuestion
        field="respondentKind"
        legend={t("rate.respondent.kind")}
        choices={def.respondent.kinds}
        value={state.respondentKind}
        onChange={(respondentKind) => setState((s) => ({ ...s, respondentKind }))}
      />
      <ChoiceQuestion
        field="ageBand"
        legend={t("rate.respondent.age")}
        choices={def.respondent.ageBands}
        value={state.ageBand}
        onChange={(ageBand) => setState((s) => ({ ...s, ageBand }))}
      />
      <ChoiceQuestion
        field="gender"
        legend={t("rate.respondent.gender")}
        choices={def.respondent.genders}
        value={state.gender}
        onChange={(gender) => setState((s) => ({ ...s, gender }))}
      />
    </>
  );

  const expectations = def.expectations && (
    <fieldset
      class={`${styles.question} ${errorOf("expectations") ? styles.invalid : ""}`}
      data-field="expectations"
      id={domId("expectations")}
      aria-describedby={`${domId("expectations")}-count${errorOf("expectations") ? ` ${domId("expectations")}-error` : ""}`}
    >
      <legend class={styles.legend}>
        <Localized text={def.expectations.question} /> <span class={styles.optional}>{t("rate.optional")}</span>
      </legend>
      {errorOf("expectations") && (
        <p id={`${domId("expectations")}-error`} class={styles.fieldError}>
          {errorOf("expectations")}
        </p>
      )}
      <p id={`${domId("expectations")}-count`} class={styles.hint} aria-live="polite">
        {expectationsFull
          ? t("rate.expectations.full", { max: def.expectations.max })
          : t("rate.expectations.count", { count: state.expectations.length, max: def.expectations.max })}
      </p>
      <div class={styles.optionsColumn}>
        {def.expectations.options.map((o) => {
          const checked = state.expectations.includes(o.code);
          return (
            <label key={o.code} class={`${styles.checkOption} ${checked ? styles.selected : ""}`}>
              <input
                type="checkbox"
                value={o.code}
                checked={checked}
                onChange={(e) => {
                  const input = e.currentTarget as HTMLInputElement;
                  const max = def.expectations?.max ?? 0;
                  if (input.checked && state.expectations.length >= max) {
                    // Refuse a choice beyond the maximum and say why (live region above).
                    input.checked = false;
                    setExpectationsFull(true);
                    return;
                  }
                  setExpectationsFull(false);
                  update("expectations", (s) => ({
                    ...s,
                    expectations: input.checked
                      ? [...s.expectations, o.code]
                      : s.expectations.filter((code) => code !== o.code),
                  }));
                }}
              />
              <span>
                <Localized text={o.text} />
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );

  const honeypot = (
    // A field only bots fill: off screen, hidden from assistive technology, out of the tab order.
    <div class={styles.trap} aria-hidden="true">
      <label for={domId("hp")}>{t("rate.honeypot")}</label>
      <input
        id={domId("hp")}
        type="text"
        name={def.honeypotField}
        tabIndex={-1}
        autocomplete="off"
        value={state.honeypot}
        onInput={(e) => {
          const honeypot = (e.currentTarget as HTMLInputElement).value;
          setState((s) => ({ ...s, honeypot }));
        }}
      />
    </div>
  );

  const progress = answeredInForm(def, state);

  const stepTitle = (s: Step): string => {
    if (s.kind === "element") return plain(def.elements[s.index]!.name);
    if (s.kind === "overall") return t("rate.step.overall");
    return t("rate.step.finish");
  };

  return (
    <form class={styles.form} onSubmit={submit} noValidate data-rating-form={def.kind} data-busy={busy}>
      {honeypot}
      {quick ? (
        <>
          <p class={styles.intro}>{t("rate.intro.quick")}</p>
          {def.elements.map((element, index) => (
            <div key={element.code} class={styles.group}>
              {def.elements.length > 1 && (
                <h3 class={styles.groupTitle}>
                  <Localized text={element.name} />
                </h3>
              )}
              {criteriaOf(index)}
            </div>
          ))}
          {overallQuestion}
          {followUp}
          <details class={styles.more}>
            <summary>
              {t("rate.respondent.title")} <span class={styles.optional}>{t("rate.optional")}</span>
            </summary>
            <p class={styles.hint}>{t("rate.respondent.hint")}</p>
            {respondent}
          </details>
        </>
      ) : (
        <>
          {stepIndex === 0 && <p class={styles.intro}>{t("rate.intro.sipas", { steps: steps.length })}</p>}
          <div class={styles.progress}>
            <p class={styles.progressText}>
              <span id="rate-progress-text">{t("rate.progress", { current: stepIndex + 1, total: steps.length })}</span>
              <span class={styles.progressAnswered}>
                {t("rate.progressAnswered", { answered: progress.answered, total: progress.total })}
              </span>
            </p>
            <progress
              class={styles.bar}
              max={steps.length}
              value={stepIndex + 1}
              aria-labelledby="rate-progress-text"
            />
          </div>
          <h3 class={styles.stepTitle} ref={stepHeading} tabIndex={-1}>
            <span class="sr-only">{t("rate.progress", { current: stepIndex + 1, total: steps.length })}: </span>
            {stepTitle(step)}
          </h3>
          {step.kind === "element" && (
            <>
              {criteriaOf(step.index)}
              {def.elements[step.index]!.satisfactionQuestion && (
                <ScaleQuestion
                  field={elementField(step.code)}
                  question={def.elements[step.index]!.satisfactionQuestion!}
                  options={options}
                  value={state.elementScores[step.code]}
                  optional
                  error={errorOf(elementField(step.code))}
                  layout={layout}
                  onChange={(score) =>
                    update(elementField(step.code), (s) => {
                      const elementScores = { ...s.elementScores };
                      if (score === null) delete elementScores[step.code];
                      else elementScores[step.code] = score;
                      return { ...s, elementScores };
                    })
                  }
                />
              )}
            </>
          )}
          {step.kind === "overall" && (
            <>
              {overallQuestion}
              {expectations}
            </>
          )}
          {step.kind === "finish" && (
            <>
              {followUp}
              <section aria-labelledby="rate-respondent-title">
                <h4 id="rate-respondent-title" class={styles.sectionTitle}>
                  {t("rate.respondent.title")}
                </h4>
                <p class={styles.hint}>{t("rate.respondent.hint")}</p>
                {respondent}
              </section>
            </>
          )}
        </>
      )}
      {visibleErrors > 0 && <p class={styles.errorCount}>{t("rate.error.count", { count: visibleErrors })}</p>}
      <div class={styles.actions}>
        {last ? (
          <button type="submit" class={`button ${styles.primary}`} disabled={busy}>
            {busy ? t("rate.sending") : t("rate.submit")}
          </button>
        ) : (
          <button type="submit" class={`button ${styles.primary}`}>
            {t("rate.next")}
          </button>
        )}
        {!quick && stepIndex > 0 && (
          <button type="button" class="button button-secondary" onClick={goBack}>
            {t("rate.back")}
          </button>
        )}
      </div>
    </form>
  );
}
