import "../../i18n/admin";
import "../../i18n/admin-surveys";
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { LocalText, SurveyDraftUpdate, SurveyTemplateDetail } from "../../../schema/api/admin-surveys";
import {
  createSurveyDraft,
  deleteSurveyDraft,
  getSurveyTemplate,
  publishSurveyDraft,
  retireSurveyVersion,
  saveSurveyDraft,
} from "../../api/admin-surveys";
import { ErrorNotice, Loading } from "../../components/Status";
import { pick, t } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { useResource } from "../../state/resource";
import { Checkbox, TextArea, TextField } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { ConfirmButton, FormProblem, Saved, useForm } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import { AdminLayout } from "./AdminLayout";
import styles from "./Surveys.module.css";
import { SURVEYS_PATH, versionStatus } from "./SurveyTemplatesPage";
import { citizenPreview, type PreviewInput } from "./survey-preview";

/** What the draft form holds: the edit body, English wording as "" when absent. */
interface Draft {
  name: LocalText;
  overallQuestion: LocalText;
  expectations: { question: LocalText; max: string; options: { code: string; text: LocalText }[] };
  elements: { code: string; name: LocalText; criteria: { code: string; text: LocalText; required: boolean }[] }[];
}

const edit = (t: LocalText | null): LocalText => ({ vi: t?.vi ?? "", en: t?.en ?? "" });
const orNull = (t: LocalText): LocalText | null => (t.vi.trim() === "" && !t.en?.trim() ? null : t);

function draftOf(d: SurveyTemplateDetail): Draft {
  return {
    name: edit(d.name),
    overallQuestion: edit(d.overallQuestion),
    expectations: {
      question: edit(d.expectations.question),
      max: String(d.expectations.max),
      options: d.expectations.options.map((o) => ({ code: o.code, text: edit(o.text) })),
    },
    elements: d.elements.map((e) => ({
      code: e.code,
      name: edit(e.name),
      criteria: e.criteria.map((c) => ({ code: c.code, text: edit(c.text), required: c.required })),
    })),
  };
}

function bodyOf(d: Draft): SurveyDraftUpdate {
  return {
    name: d.name,
    overallQuestion: orNull(d.overallQuestion),
    expectations: {
      question: orNull(d.expectations.question),
      max: Number.parseInt(d.expectations.max, 10) || 0,
      options: d.expectations.options,
    },
    elements: d.elements,
  };
}

function previewInput(detail: SurveyTemplateDetail, draft: Draft | null): PreviewInput {
  if (!draft) return detail;
  const body = bodyOf(draft);
  return {
    kind: detail.kind,
    overallCriterionCode: detail.overallCriterionCode,
    elements: body.elements.map((e) => ({
      ...e,
      name: { vi: e.name.vi, en: e.name.en ?? null },
      criteria: e.criteria.map((c) => ({ ...c, text: { vi: c.text.vi, en: c.text.en ?? null } })),
    })),
    overallQuestion: body.overallQuestion ? { vi: body.overallQuestion.vi, en: body.overallQuestion.en ?? null } : null,
    expectations: {
      question: body.expectations.question
        ? { vi: body.expectations.question.vi, en: body.expectations.question.en ?? null }
        : null,
      max: body.expectations.max,
      options: body.expectations.options.map((o) => ({ code: o.code, text: { vi: o.text.vi, en: o.text.en ?? null } })),
    },
  };
}

/**
 * /staff/quan-tri/phieu-khao-sat/:id: one version of a survey template. A draft is edited here
 * (wording, required flags, expectation options) and published; a published version is read,
 * copied into a new draft or retired. The preview shows the questions as citizens will read them.
 */
export default function SurveyTemplatePage() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const [state, retry] = useResource((signal) => getSurveyTemplate(id, { signal }), [id]);
  const title =
    state.status === "ready"
      ? t("surveys.detail.title", { name: pick(state.data.name.vi, state.data.name.en), v: state.data.version })
      : t("surveys.title");
  return (
    <AdminLayout title={title}>
      {() => (
        <>
          <p>
            <a href={SURVEYS_PATH}>{t("surveys.back")}</a>
          </p>
          {state.status === "loading" && <Loading />}
          {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
          {state.status === "ready" && <TemplateVersion key={state.data.id} initial={state.data} />}
        </>
      )}
    </AdminLayout>
  );
}

function TemplateVersion({ initial }: { initial: SurveyTemplateDetail }) {
  const [detail, setDetail] = useState(initial);
  const [draft, setDraft] = useState<Draft | null>(initial.editable ? draftOf(initial) : null);
  const [saved, setSaved] = useState(draftOf(initial));
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  const scale = detail.scale.map((l) => pick(l.label.vi, l.label.en)).join(" · ");
  return (
    <>
      <div ref={messageRef} tabIndex={-1}>
        {message && <Saved>{message}</Saved>}
      </div>
      <dl class={staffStyles.dl}>
        <dt>{t("admin.code")}</dt>
        <dd class={staffStyles.mono}>{detail.code}</dd>
        <dt>{t("surveys.detail.kind")}</dt>
        <dd>{t(detail.kind === "sipas" ? "surveys.kind.sipas" : "surveys.kind.quick")}</dd>
        <dt>{t("surveys.status")}</dt>
        <dd data-version-status>{versionStatus(detail)}</dd>
        <dt>{t("surveys.detail.scale")}</dt>
        <dd>{scale}</dd>
        <dt>{t("surveys.counters")}</dt>
        <dd lang="vi">
          {detail.counters.length === 0 ? t("surveys.noCounters") : detail.counters.map((c) => c.name).join(", ")}
        </dd>
        <dt>{t("surveys.submissions")}</dt>
        <dd>{formatNumber(detail.submissionCount)}</dd>
      </dl>
      {detail.structureLocked && <p class="muted">{t("surveys.sipasRule")}</p>}
      <div class={styles.layout}>
        <div class={styles.main}>
          {draft ? (
            <DraftForm
              detail={detail}
              draft={draft}
              dirty={JSON.stringify(draft) !== JSON.stringify(saved)}
              onChange={(d) => {
                setDraft(d);
                setMessage(null);
              }}
              onSaved={(d) => {
                setDetail(d);
                setSaved(draftOf(d));
                setDraft(draftOf(d));
                setMessage(t("surveys.form.saved"));
              }}
              onPublished={(d) => {
                setDetail(d);
                setDraft(null);
                setMessage(t("surveys.published", { v: d.version }));
              }}
            />
          ) : (
            <PublishedActions
              detail={detail}
              onRetired={(d) => {
                setDetail(d);
                setMessage(t("surveys.retired", { v: d.version }));
              }}
            />
          )}
        </div>
        <CitizenPreview input={previewInput(detail, draft)} live={draft !== null} />
      </div>
    </>
  );
}

function PublishedActions({
  detail,
  onRetired,
}: {
  detail: SurveyTemplateDetail;
  onRetired: (d: SurveyTemplateDetail) => void;
}) {
  const { route } = useLocation();
  const form = useForm();
  return (
    <form ref={form.formRef} class={formStyles.form} onSubmit={(e) => e.preventDefault()}>
      <p>{detail.active ? t("surveys.detail.readOnly") : t("surveys.detail.retiredNote")}</p>
      <FormProblem form={form} />
      <div class={formStyles.actions}>
        <button
          type="button"
          class="button"
          disabled={form.busy}
          onClick={() =>
            void form.run(async () => {
              const created = await createSurveyDraft(detail.id);
              route(`${SURVEYS_PATH}/${created.id}`);
            })
          }
        >
          {t("surveys.newDraft", { v: detail.version })}
        </button>
        {detail.active && (
          <ConfirmButton
            label={t("surveys.retire")}
            question={t("surveys.retire.question")}
            confirmLabel={t("surveys.retire.confirm")}
            danger
            disabled={form.busy}
            onConfirm={() => form.run(async () => onRetired(await retireSurveyVersion(detail.id)))}
          />
        )}
      </div>
    </form>
  );
}

function LocalFields({
  path,
  label,
  labelEn,
  value,
  onChange,
  errors,
  multiline,
  hint,
  required = true,
}: {
  path: string;
  label: string;
  labelEn: string;
  value: LocalText;
  onChange: (v: LocalText) => void;
  errors: Record<string, string>;
  multiline?: boolean;
  hint?: string;
  required?: boolean;
}) {
  const Field = multiline ? TextArea : TextField;
  return (
    <div class={styles.pair}>
      <Field
        path={`${path}.vi`}
        label={label}
        hint={hint}
        value={value.vi}
        onInput={(vi: string) => onChange({ ...value, vi })}
        required={required}
        error={errors[`${path}.vi`] ?? errors[path]}
        lang="vi"
        {...(multiline ? { rows: 3 } : {})}
      />
      <Field
        path={`${path}.en`}
        label={labelEn}
        value={value.en ?? ""}
        onInput={(en: string) => onChange({ ...value, en })}
        error={errors[`${path}.en`]}
        lang="en"
        {...(multiline ? { rows: 3 } : {})}
      />
    </div>
  );
}

function DraftForm({
  detail,
  draft,
  dirty,
  onChange,
  onSaved,
  onPublished,
}: {
  detail: SurveyTemplateDetail;
  draft: Draft;
  dirty: boolean;
  onChange: (d: Draft) => void;
  onSaved: (d: SurveyTemplateDetail) => void;
  onPublished: (d: SurveyTemplateDetail) => void;
}) {
  const { route } = useLocation();
  const form = useForm();
  const e = form.errors;
  const setElement = (i: number, next: Draft["elements"][number]) =>
    onChange({ ...draft, elements: draft.elements.map((x, j) => (j === i ? next : x)) });

  const submit = (event: Event) => {
    event.preventDefault();
    void form.run(async () => onSaved(await saveSurveyDraft(detail.id, bodyOf(draft))));
  };
  const publish = () =>
    form.run(async () => {
      // What is on the screen is what gets published: unsaved wording is saved first.
      if (dirty) onSaved(await saveSurveyDraft(detail.id, bodyOf(draft)));
      onPublished(await publishSurveyDraft(detail.id));
    });

  return (
    <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit} data-survey-draft>
      <p>{t("surveys.detail.draftNote", { code: detail.code })}</p>
      <FormProblem form={form} known={["name", "overallQuestion", "expectations", "elements"]} />
      <LocalFields
        path="name"
        label={t("surveys.form.name")}
        labelEn={t("surveys.form.nameEn")}
        value={draft.name}
        onChange={(name) => onChange({ ...draft, name })}
        errors={e}
      />
      {draft.elements.map((el, i) => (
        <fieldset key={el.code} class={formStyles.fieldset} data-element={el.code}>
          <legend class={formStyles.legend}>{t("surveys.form.element", { n: i + 1, code: el.code })}</legend>
          <LocalFields
            path={`elements.${i}.name`}
            label={t("surveys.form.elementName")}
            labelEn={t("surveys.form.elementNameEn")}
            value={el.name}
            onChange={(name) => setElement(i, { ...el, name })}
            errors={e}
          />
          {el.criteria.map((c, j) => (
            <div key={c.code} class={styles.criterion} data-criterion={c.code}>
              <LocalFields
                path={`elements.${i}.criteria.${j}.text`}
                label={t("surveys.form.criterion", { code: c.code })}
                labelEn={t("surveys.form.criterionEn", { code: c.code })}
                value={c.text}
                multiline
                onChange={(text) =>
                  setElement(i, { ...el, criteria: el.criteria.map((x, k) => (k === j ? { ...x, text } : x)) })
                }
                errors={e}
              />
              <Checkbox
                path={`elements.${i}.criteria.${j}.required`}
                label={t("surveys.form.required", { code: c.code })}
                checked={c.required}
                onChange={(required) =>
                  setElement(i, { ...el, criteria: el.criteria.map((x, k) => (k === j ? { ...x, required } : x)) })
                }
                error={e[`elements.${i}.criteria.${j}.required`]}
              />
            </div>
          ))}
        </fieldset>
      ))}
      {detail.overallCriterionCode === null && (
        <LocalFields
          path="overallQuestion"
          label={t("surveys.form.overall")}
          labelEn={t("surveys.form.overallEn")}
          hint={t("surveys.form.overallHint")}
          value={draft.overallQuestion}
          onChange={(overallQuestion) => onChange({ ...draft, overallQuestion })}
          errors={e}
          required={false}
        />
      )}
      {draft.expectations.options.length > 0 && (
        <fieldset class={formStyles.fieldset}>
          <legend class={formStyles.legend}>{t("surveys.form.expectations")}</legend>
          <LocalFields
            path="expectations.question"
            label={t("surveys.form.expectationsQuestion")}
            labelEn={t("surveys.form.expectationsQuestionEn")}
            value={draft.expectations.question}
            onChange={(question) => onChange({ ...draft, expectations: { ...draft.expectations, question } })}
            errors={e}
            required={false}
          />
          <TextField
            path="expectations.max"
            label={t("surveys.form.expectationsMax")}
            type="number"
            inputMode="numeric"
            min="1"
            max="10"
            value={draft.expectations.max}
            onInput={(max) => onChange({ ...draft, expectations: { ...draft.expectations, max } })}
            error={e["expectations.max"]}
            required
          />
          {draft.expectations.options.map((o, i) => (
            <LocalFields
              key={o.code}
              path={`expectations.options.${i}.text`}
              label={t("surveys.form.option", { code: o.code })}
              labelEn={t("surveys.form.optionEn", { code: o.code })}
              value={o.text}
              onChange={(text) =>
                onChange({
                  ...draft,
                  expectations: {
                    ...draft.expectations,
                    options: draft.expectations.options.map((x, k) => (k === i ? { ...x, text } : x)),
                  },
                })
              }
              errors={e}
            />
          ))}
        </fieldset>
      )}
      <div class={formStyles.actions}>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? t("admin.saving") : t("surveys.form.save")}
        </button>
        <ConfirmButton
          label={t("surveys.publish")}
          question={t("surveys.publish.question")}
          confirmLabel={t("surveys.publish.confirm")}
          disabled={form.busy}
          onConfirm={publish}
        />
        <ConfirmButton
          label={t("surveys.deleteDraft")}
          question={t("surveys.deleteDraft.question")}
          confirmLabel={t("surveys.deleteDraft.confirm")}
          danger
          disabled={form.busy}
          onConfirm={() =>
            form.run(async () => {
              await deleteSurveyDraft(detail.id);
              route(SURVEYS_PATH);
            })
          }
        />
      </div>
    </form>
  );
}

function Both({ text }: { text: LocalText }) {
  return (
    <>
      <span lang="vi">{text.vi}</span>
      {text.en && (
        <span class={styles.en} lang="en">
          {text.en}
        </span>
      )}
    </>
  );
}

function CitizenPreview({ input, live }: { input: PreviewInput; live: boolean }) {
  const preview = citizenPreview(input);
  return (
    <aside class={styles.preview} aria-labelledby="survey-preview-title" data-survey-preview>
      <h2 id="survey-preview-title">{t("surveys.preview")}</h2>
      <p class="muted">{live ? t("surveys.preview.hint") : t("surveys.preview.hintPublished")}</p>
      {preview.sections.map((s) => (
        <section key={s.code} class={styles.previewSection}>
          <h3>
            <Both text={s.title} />
          </h3>
          <ol>
            {s.questions.map((q) => (
              <li key={q.key} data-preview={q.key}>
                <Both text={q.text} />
                {q.required !== undefined && (
                  <span class="muted">
                    {" "}
                    {q.required ? t("surveys.preview.required") : t("surveys.preview.optional")}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
      {preview.overall && (
        <p class={styles.previewSection}>
          <Both text={preview.overall} />
        </p>
      )}
      {preview.expectations && (
        <section class={styles.previewSection}>
          <h3>
            <Both text={preview.expectations.question} />
          </h3>
          <ul>
            {preview.expectations.options.map((o) => (
              <li key={o.vi}>
                <Both text={o} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
