import "../../i18n/admin";
import "../../i18n/admin-calendar";
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { AdminCalendar, AdminCalendarDay, OwnCalendarDay } from "../../../schema/api/admin-calendar";
import { createOwnDay, deleteOwnDay, getAdminCalendar, updateOwnDay } from "../../api/admin-calendar";
import { describeError, ErrorNotice, Loading } from "../../components/Status";
import { type MessageKey, pick, t } from "../../i18n";
import { useResource } from "../../state/resource";
import { SelectField, TextField } from "../staff/Field";
import formStyles from "../staff/Form.module.css";
import { ConfirmButton, FormProblem, Saved, useForm } from "../staff/form";
import staffStyles from "../staff/Staff.module.css";
import styles from "./AdminCalendar.module.css";
import { AdminLayout } from "./AdminLayout";
import { displayDate, ORIGIN_KEYS, parseDateVi, thisYear } from "./calendar-bits";

const PATH = "/staff/quan-tri/lich-nghi";

/**
 * /staff/quan-tri/lich-nghi?nam=YYYY: the year's days off and working-day swaps as they apply
 * to the agency, each with its origin (computed by law, national decision, the agency's own),
 * a month-by-month view, and the agency's own days with a form to add, edit or remove them.
 */
export default function CalendarPage() {
  const { query } = useLocation();
  const requested = Number(query.nam);
  const year = Number.isInteger(requested) && requested >= 1990 && requested <= 2199 ? requested : thisYear();
  const [state, retry] = useResource((signal) => getAdminCalendar(year, { signal }), [year]);
  // Kept here, above the list: a reload after a change replaces the list, not the message.
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
    <AdminLayout title={t("adminCalendar.title")}>
      {() => (
        <>
          <p>{t("adminCalendar.intro")}</p>
          <nav class={styles.yearNav} aria-label={t("adminCalendar.yearNav")}>
            <a class="button button-secondary" href={`${PATH}?nam=${year - 1}`} data-year-prev>
              {t("adminCalendar.prevYear", { year: String(year - 1) })}
            </a>
            <h2 aria-live="polite">{t("adminCalendar.year", { year: String(year) })}</h2>
            <a class="button button-secondary" href={`${PATH}?nam=${year + 1}`} data-year-next>
              {t("adminCalendar.nextYear", { year: String(year + 1) })}
            </a>
            {year !== thisYear() && <a href={PATH}>{t("adminCalendar.thisYear")}</a>}
          </nav>
          {state.status === "loading" && <Loading />}
          {state.status === "error" && <ErrorNotice error={state.error} onRetry={retry} />}
          <div ref={noticeRef} tabIndex={-1}>
            {notice && <Saved>{notice}</Saved>}
            {actionError !== null && <ActionProblem error={actionError} />}
          </div>
          {state.status === "ready" && <YearView calendar={state.data} reload={retry} report={report} />}
        </>
      )}
    </AdminLayout>
  );
}

function OriginBadge({ origin }: { origin: AdminCalendarDay["origin"] }) {
  return (
    <span class={`${styles.originBadge} ${styles[origin]}`} data-origin={origin}>
      {t(ORIGIN_KEYS[origin])}
    </span>
  );
}

interface Report {
  done(message: string): void;
  failed(error: unknown): void;
  clear(): void;
}

function YearView({ calendar, reload, report }: { calendar: AdminCalendar; reload: () => void; report: Report }) {
  const { route } = useLocation();
  const [editing, setEditing] = useState<OwnCalendarDay | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const { year, days, ownDays } = calendar;
  const daysOff = days.filter((d) => d.kind === "day_off").length;

  useEffect(() => {
    // After the form re-renders with the day's values.
    if (editing) formHeading.current?.focus();
  }, [editing]);

  const startEditing = (day: OwnCalendarDay) => {
    report.clear();
    setEditing(day);
  };

  const saved = (day: OwnCalendarDay) => {
    setEditing(null);
    report.done(t("adminCalendar.saved", { date: day.display, name: day.name }));
    const savedYear = Number(day.date.slice(0, 4));
    if (savedYear !== year) route(`${PATH}?nam=${savedYear}`);
    else reload();
  };

  const remove = async (day: OwnCalendarDay) => {
    report.clear();
    try {
      await deleteOwnDay(day.id);
      if (editing?.id === day.id) setEditing(null);
      report.done(t("adminCalendar.deleted", { date: day.display }));
      reload();
    } catch (error) {
      report.failed(error);
    }
  };

  return (
    <>
      <h3>{t("adminCalendar.origin.legend")}</h3>
      <ul class={styles.legend}>
        {(["computed", "national", "agency"] as const).map((o) => (
          <li key={o}>
            <span class={`${styles.swatch} ${styles[o]}`} aria-hidden="true" />
            {t(ORIGIN_KEYS[o])}
          </li>
        ))}
        <li>
          <span class={`${styles.swatch} ${styles.swap}`} aria-hidden="true" />
          {t("adminCalendar.kind.working_day")}
        </li>
      </ul>

      <section class={staffStyles.section} aria-labelledby="days-title">
        <h2 id="days-title">{t("adminCalendar.days.title", { year: String(year) })}</h2>
        <p>
          {days.length === 0
            ? t("adminCalendar.days.none")
            : t("adminCalendar.days.count", { count: daysOff, swaps: days.length - daysOff })}
        </p>
        {days.length > 0 && (
          <div class={staffStyles.tableWrap}>
            <table class={staffStyles.table} data-calendar-days>
              <caption class="sr-only">{t("adminCalendar.days.title", { year: String(year) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("adminCalendar.col.date")}</th>
                  <th scope="col">{t("adminCalendar.col.weekday")}</th>
                  <th scope="col">{t("adminCalendar.col.name")}</th>
                  <th scope="col">{t("adminCalendar.col.kind")}</th>
                  <th scope="col">{t("adminCalendar.col.origin")}</th>
                  <th scope="col">{t("adminCalendar.col.source")}</th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.date} data-day={d.date} data-origin={d.origin}>
                    <td class={`${staffStyles.mono} ${styles.nowrap}`}>{d.display}</td>
                    <td>{pickName(d.weekday)}</td>
                    <td>
                      {pickName(d.name)}
                      {d.compensatory && <span class={styles.muted}> ({t("adminCalendar.compensatory")})</span>}
                    </td>
                    <td>{t(`adminCalendar.kind.${d.kind}` as MessageKey)}</td>
                    <td>
                      <OriginBadge origin={d.origin} />
                    </td>
                    <td class={styles.basis} lang="vi">
                      {d.source ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class={staffStyles.section} aria-labelledby="own-title">
        <h2 id="own-title">{t("adminCalendar.own.title", { year: String(year) })}</h2>
        {ownDays.length === 0 ? (
          <p>{t("adminCalendar.own.none")}</p>
        ) : (
          <div class={staffStyles.tableWrap}>
            <table class={staffStyles.table} data-own-days>
              <caption class="sr-only">{t("adminCalendar.own.title", { year: String(year) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("adminCalendar.col.date")}</th>
                  <th scope="col">{t("adminCalendar.col.name")}</th>
                  <th scope="col">{t("adminCalendar.col.kind")}</th>
                  <th scope="col">{t("adminCalendar.own.national")}</th>
                  <th scope="col">{t("adminCalendar.col.source")}</th>
                  <th scope="col">{t("adminCalendar.col.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {ownDays.map((d) => (
                  <tr key={d.id} data-own-day={d.date}>
                    <td class={`${staffStyles.mono} ${styles.nowrap}`}>
                      {d.display}
                      <br />
                      <span class={styles.muted}>{pickName(d.weekday)}</span>
                    </td>
                    <td lang="vi">{d.name}</td>
                    <td>{t(`adminCalendar.kind.${d.kind}` as MessageKey)}</td>
                    <td>{nationalOf(d)}</td>
                    <td class={styles.basis} lang="vi">
                      {d.source ?? "—"}
                    </td>
                    <td>
                      <div class={styles.rowActions}>
                        <button type="button" class="button button-secondary" onClick={() => startEditing(d)}>
                          {t("adminCalendar.edit")}
                          <span class="sr-only"> {d.display}</span>
                        </button>
                        <ConfirmButton
                          label={t("adminCalendar.delete")}
                          question={t("adminCalendar.deleteQuestion", { date: d.display })}
                          confirmLabel={t("adminCalendar.deleteConfirm")}
                          danger
                          onConfirm={() => remove(d)}
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class={styles.panel} aria-labelledby="day-form-title">
        <h2 id="day-form-title" ref={formHeading} tabIndex={-1}>
          {editing ? t("adminCalendar.editDay", { date: editing.display }) : t("adminCalendar.form.add")}
        </h2>
        <p>{t("adminCalendar.form.about")}</p>
        <DayForm
          key={editing?.id ?? "new"}
          day={editing}
          onSubmit={report.clear}
          onSaved={saved}
          onCancel={() => {
            setEditing(null);
            formHeading.current?.focus();
          }}
        />
      </section>

      <section aria-labelledby="months-title">
        <h2 id="months-title">{t("adminCalendar.months.title")}</h2>
        <div class={styles.months}>
          {Array.from({ length: 12 }, (_, i) => (
            <MonthGrid key={i} year={year} month={i + 1} days={days} />
          ))}
        </div>
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

/** The name in the page language (the API gives both). */
function pickName(text: { vi: string; en: string }): string {
  return pick(text.vi, text.en);
}

function nationalOf(day: OwnCalendarDay): string {
  const n = day.national;
  const state = n.working ? t("adminCalendar.own.nationalWorking") : t("adminCalendar.own.nationalOff");
  if (n.name) return `${state}: ${pickName(n.name)}`;
  return n.working ? state : `${state} (${t("adminCalendar.own.weekend")})`;
}

function DayForm({
  day,
  onSubmit,
  onSaved,
  onCancel,
}: {
  day: OwnCalendarDay | null;
  onSubmit: () => void;
  onSaved: (day: OwnCalendarDay) => void;
  onCancel: () => void;
}) {
  const form = useForm();
  const [date, setDate] = useState(day ? day.display : "");
  const [kind, setKind] = useState<OwnCalendarDay["kind"]>(day?.kind ?? "day_off");
  const [name, setName] = useState(day?.name ?? "");
  const [nameEn, setNameEn] = useState(day?.nameEn ?? "");
  const [source, setSource] = useState(day?.source ?? "");
  const e = form.errors;

  const submit = (event: Event) => {
    event.preventDefault();
    onSubmit();
    const iso = parseDateVi(date);
    const local: Record<string, MessageKey> = {};
    if (!iso) local.date = "adminCalendar.dateInvalid";
    void form.run(async () => {
      const body = {
        date: iso ?? "",
        kind,
        name,
        nameEn: nameEn.trim() || null,
        source: source.trim() || null,
      };
      const saved = day ? await updateOwnDay(day.id, body) : await createOwnDay(body);
      onSaved(saved);
    }, local);
  };

  return (
    <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit} data-day-form>
      <FormProblem form={form} known={["date", "kind", "name", "nameEn", "source"]} />
      <TextField
        path="date"
        label={t("adminCalendar.form.date")}
        hint={t("adminCalendar.form.dateHint")}
        value={date}
        onInput={setDate}
        inputMode="numeric"
        autoComplete="off"
        maxLength={10}
        required
        error={e.date}
      />
      <SelectField
        path="kind"
        label={t("adminCalendar.form.kind")}
        value={kind}
        onChange={(v) => setKind(v as OwnCalendarDay["kind"])}
        options={[
          { value: "day_off", label: t("adminCalendar.kind.day_off") },
          { value: "working_day", label: t("adminCalendar.kind.working_day") },
        ]}
        required
        error={e.kind}
      />
      <TextField
        path="name"
        label={t("adminCalendar.form.name")}
        hint={t("adminCalendar.form.nameHint")}
        value={name}
        onInput={setName}
        maxLength={200}
        required
        error={e.name}
        lang="vi"
      />
      <TextField
        path="nameEn"
        label={t("adminCalendar.form.nameEn")}
        value={nameEn}
        onInput={setNameEn}
        maxLength={200}
        error={e.nameEn}
        lang="en"
      />
      <TextField
        path="source"
        label={t("adminCalendar.form.source")}
        hint={t("adminCalendar.form.sourceHint")}
        value={source}
        onInput={setSource}
        maxLength={500}
        error={e.source}
        lang="vi"
      />
      <div class={formStyles.actions}>
        <button type="submit" class="button" disabled={form.busy}>
          {form.busy ? t("admin.saving") : day ? t("adminCalendar.form.submitEdit") : t("adminCalendar.form.submitAdd")}
        </button>
        {day && (
          <button type="button" class="button button-secondary" onClick={onCancel}>
            {t("adminCalendar.form.cancelEdit")}
          </button>
        )}
      </div>
    </form>
  );
}

/** Monday-first weekday (0 = Monday … 6 = Sunday) of a date. */
function mondayFirst(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** One month as a small calendar: days off and swaps marked by origin, named for screen readers. */
function MonthGrid({ year, month, days }: { year: number; month: number; days: readonly AdminCalendarDay[] }) {
  const prefix = `${year}-${String(month).padStart(2, "0")}-`;
  const byDay = new Map(days.filter((d) => d.date.startsWith(prefix)).map((d) => [Number(d.date.slice(8)), d]));
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = mondayFirst(year, month, 1);
  const cells: Array<number | null> = [...Array.from({ length: lead }, () => null)];
  for (let d = 1; d <= length; d++) cells.push(d);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<number | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const heads = t("adminCalendar.weekdays.short").split(",");
  return (
    <table class={styles.month} data-month={month}>
      <caption>{t("adminCalendar.month", { month: String(month), year: String(year) })}</caption>
      <thead>
        <tr>
          {heads.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, w) => (
          <tr key={w}>
            {week.map((d, i) => {
              if (d === null) return <td key={i} />;
              const info = byDay.get(d);
              const weekend = i >= 5;
              const cls = info ? (info.kind === "working_day" ? styles.swap : styles[info.origin]) : "";
              return (
                <td key={i}>
                  <span
                    class={`${styles.cell} ${cls} ${weekend && !info ? styles.weekend : ""}`}
                    title={
                      info
                        ? `${displayDate(info.date)}: ${pickName(info.name)} (${t(ORIGIN_KEYS[info.origin])})`
                        : undefined
                    }
                  >
                    {d}
                    {info && (
                      <span class="sr-only">
                        {" "}
                        {pickName(info.name)}, {t(ORIGIN_KEYS[info.origin])}
                      </span>
                    )}
                  </span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
