/**
 * Files (hồ sơ): creating them, what happens to them (events), and how they stand against
 * their appointment. Domain rules only (no Hono): the routes, the one-stop software's API and
 * the CSV import all end here, in the same table and through the same rules.
 *
 * - Appointment: computed from the procedure's legal processing time on the agency's
 *   working-day calendar when not given (worker/lib/calendar, one implementation).
 * - One supplement request per file (ND 118/2025/NĐ-CP Điều 11): a second one is refused, or,
 *   if the agency chose so, recorded and the file counts as late (QĐ 766/QĐ-TTg practice).
 * - On time / late: QĐ 766 (worker/lib/files/timeliness.ts).
 */
import type { Kysely } from "kysely";
import type { FileDetail, FileSettings, FileSummary } from "../../schema/api/files";
import type { Database, FileChannel, FileRow, FileStatus, NewFile } from "../../schema/db/database";
import type { FileEventKind, FileEventSource } from "../../schema/db/files";
import { appendAudit } from "../audit/audit.service";
import { unitScope } from "../auth/scope";
import type { Staff } from "../auth/staff";
import { loadCalendar, officeHoursOf, withPeriodCalendar } from "../calendar/calendar.service";
import type { Calendar } from "../lib/calendar/calendar";
import { addDays, dateParts, formatDateVi, type IsoDate, isoDate, localDateOf } from "../lib/calendar/dates";
import { type OfficeHours, officeMinutesPerDay, type ProcessingTime } from "../lib/calendar/office-hours";
import { appointmentFor, describeProcessingTime, processingTimeOf, restartedDue } from "../lib/files/appointment";
import { formatFileCode } from "../lib/files/file-code";
import { classifyFile, dueAlert, type FileTimes, type Timeliness } from "../lib/files/timeliness";
import { ProblemError } from "../problems";
import {
  type FileFactRow,
  type FileFactsFilter,
  type FileScope,
  fileFacts,
  findAgency,
  findCounter,
  findFileDetail,
  findFileForUpdate,
  findProcedure,
  findSettingsRow,
  includesOneStopUnit,
  insertEventOnce,
  listEvents,
  listSupplements,
  nextFileSequence,
} from "./files.queries";

type Db = Kysely<Database>;

// ---------------------------------------------------------------------------------------------
// Settings and scope

export const DEFAULT_FILE_SETTINGS: FileSettings = {
  letterForm: "tt03_2025",
  secondSupplement: "refuse",
  alertWorkingDays: 1,
  onTimeTarget: 100,
  parentAgencyName: null,
  letterPlace: null,
  letterNumberSuffix: "PXL",
  signerTitle: null,
  signerName: null,
};

/** The agency's file settings, or the defaults when it never saved any. */
export async function loadFileSettings(db: Db, agencyId: string): Promise<FileSettings> {
  const row = await findSettingsRow(db, agencyId);
  if (!row) return DEFAULT_FILE_SETTINGS;
  return {
    letterForm: row.letter_form,
    secondSupplement: row.second_supplement,
    alertWorkingDays: row.alert_working_days,
    onTimeTarget: Number(row.on_time_target),
    parentAgencyName: row.parent_agency_name,
    letterPlace: row.letter_place,
    letterNumberSuffix: row.letter_number_suffix,
    signerTitle: row.signer_title,
    signerName: row.signer_name,
  };
}

/**
 * The files a staff member sees. The one-stop desk (Bộ phận Một cửa) receives and returns every
 * file of the agency (ND 118/2025), so a member of a `one_stop` unit sees them all; others see
 * the files of their units, and those received at their units' counters (worker/auth/scope.ts).
 */
export async function fileScopeOf(db: Db, staff: Staff): Promise<FileScope> {
  const scope = unitScope(staff);
  if (scope === "all") return "all";
  if (await includesOneStopUnit(db, staff.agencyId, scope)) return "all";
  return scope;
}

export function inScope(scope: FileScope, unitIds: ReadonlyArray<string | null>): boolean {
  return scope === "all" || unitIds.some((u) => u !== null && scope.includes(u));
}

// ---------------------------------------------------------------------------------------------
// Appointment dates

export async function officeHoursOfAgency(db: Db, agencyId: string): Promise<OfficeHours> {
  const agency = await findAgency(db, agencyId);
  return officeHoursOf(agency?.settings);
}

/** Working days a period reaches at most, to load a calendar wide enough. */
function periodDays(time: ProcessingTime, office: OfficeHours): { days: number; unit: "working" | "calendar" } {
  switch (time.unit) {
    case "hours":
      return { days: Math.ceil((time.amount * 60) / officeMinutesPerDay(office)) + 1, unit: "working" };
    case "same_day":
      return { days: 1, unit: "working" };
    case "working_days":
      return { days: Math.ceil(time.amount) + 1, unit: "working" };
    case "calendar_days":
      return { days: Math.ceil(time.amount) + 1, unit: "calendar" };
  }
}

/**
 * The appointment of a file received at `receivedAt`, from the procedure's legal processing
 * time, on the agency's calendar (holidays, official Tết span, swapped Saturdays) and office
 * hours (the same-day cut-off included).
 */
export async function computeDueAt(
  db: Db,
  agencyId: string,
  office: OfficeHours,
  time: ProcessingTime,
  receivedAt: Date,
): Promise<Date> {
  const { days, unit } = periodDays(time, office);
  const result = await withPeriodCalendar(db, agencyId, localDateOf(receivedAt), days, unit, (calendar) => {
    const at = appointmentFor(calendar, receivedAt, time, office);
    return { due: localDateOf(at), at };
  });
  return result.at;
}

/**
 * Appointments of many files at once (CSV import) on one loaded calendar; reloaded wider if an
 * answer falls beyond the loaded years.
 */
export async function computeDueMany(
  db: Db,
  agencyId: string,
  office: OfficeHours,
  items: ReadonlyArray<{ receivedAt: Date; time: ProcessingTime }>,
): Promise<Date[]> {
  if (items.length === 0) return [];
  const dates = items.map((i) => localDateOf(i.receivedAt)).sort();
  const from = dates[0]!;
  let to = addDays(dates.at(-1)!, 400);
  for (;;) {
    const calendar = await loadCalendar(db, agencyId, from, to);
    const out = items.map((i) => appointmentFor(calendar, i.receivedAt, i.time, office));
    const last = out.reduce((m, d) => (d > m ? d : m), out[0]!);
    if (localDateOf(last) <= isoDate(dateParts(to).year, 12, 31)) return out;
    to = addDays(localDateOf(last), 366);
  }
}

/** A calendar covering every date the summaries of `rows` need (their due dates ± a margin). */
export async function calendarForRows(db: Db, agencyId: string, rows: readonly FileFactRow[], asOf: Date) {
  let min: IsoDate = localDateOf(asOf);
  let max: IsoDate = min;
  for (const r of rows) {
    const due = localDateOf(r.due_at);
    if (due < min) min = due;
    if (due > max) max = due;
  }
  return loadCalendar(db, agencyId, addDays(min, -30), addDays(max, 400));
}

// ---------------------------------------------------------------------------------------------
// How a file stands

export function timesOf(row: FileFactRow): FileTimes {
  return {
    receivedAt: row.received_at,
    dueAt: row.due_at,
    returnedAt: row.returned_at,
    stoppedAt: row.stopped_at ? new Date(row.stopped_at) : null,
    supplements: row.supplements.map((s) => ({
      requestedAt: new Date(s.requestedAt),
      completedAt: s.completedAt ? new Date(s.completedAt) : null,
    })),
  };
}

export function timelinessView(calendar: Calendar, t: Timeliness, asOf: Date, alertWorkingDays: number) {
  const alert = dueAlert(calendar, t, asOf, alertWorkingDays);
  return {
    outcome: t.outcome,
    finished: t.finished,
    endAt: t.endAt.toISOString(),
    effectiveDueAt: t.effectiveDueAt.toISOString(),
    waitingMinutes: Math.round(t.waitingMs / 60_000),
    supplementCount: t.supplementCount,
    awaitingSupplement: t.awaitingSupplement,
    lateReason: t.lateReason,
    alertDate: alert.alertDate,
    dueSoon: alert.dueSoon,
  } satisfies FileSummary["timeliness"];
}

export function letterNumberText(number: number, suffix: string): string {
  return `${number}/${suffix}`;
}

/** A list row: the file, how it stands at `asOf`, its letter. */
export function toSummary(row: FileFactRow, calendar: Calendar, asOf: Date, settings: FileSettings): FileSummary {
  const t = classifyFile(timesOf(row), asOf);
  const timeliness = timelinessView(calendar, t, asOf, settings.alertWorkingDays);
  const apology =
    row.letter_id && row.letter_number !== null && row.letter_issued_at && row.letter_new_due_at
      ? {
          id: row.letter_id,
          numberText: letterNumberText(row.letter_number, row.letter_suffix ?? "PXL"),
          issuedAt: row.letter_issued_at.toISOString(),
          newDueAt: row.letter_new_due_at.toISOString(),
        }
      : null;
  return {
    id: row.id,
    code: row.code,
    procedure: { id: row.procedure_id, nationalCode: row.procedure_code, name: row.procedure_name },
    unit: { id: row.unit_id, name: row.unit_name },
    channel: row.channel,
    status: row.status,
    receivedAt: row.received_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    returnedAt: row.returned_at?.toISOString() ?? null,
    stoppedAt: row.stopped_at ? new Date(row.stopped_at).toISOString() : null,
    applicantName: row.applicant_name,
    timeliness,
    apology,
    apologyRequired: apology === null && t.outcome === "late",
  };
}

/** Summaries of the files matching `filter`, classified at `asOf`. */
export async function fileSummaries(
  db: Db,
  agencyId: string,
  filter: FileFactsFilter,
  asOf: Date,
  settings?: FileSettings,
): Promise<FileSummary[]> {
  const [rows, s] = await Promise.all([
    fileFacts(db, agencyId, filter),
    settings ? Promise.resolve(settings) : loadFileSettings(db, agencyId),
  ]);
  if (rows.length === 0) return [];
  const calendar = await calendarForRows(db, agencyId, rows, asOf);
  return rows.map((r) => toSummary(r, calendar, asOf, s));
}

export async function fileSummary(db: Db, agencyId: string, scope: FileScope, id: string, asOf: Date) {
  const [summary] = await fileSummaries(db, agencyId, { scope, ids: [id] }, asOf);
  if (!summary) throw new ProblemError("not-found");
  return summary;
}

/** The file page: the summary, the applicant, the events, the supplement requests. */
export async function fileDetail(
  db: Db,
  agencyId: string,
  scope: FileScope,
  id: string,
  asOf: Date,
): Promise<FileDetail> {
  const settings = await loadFileSettings(db, agencyId);
  const [summaries, extra, events, supplements] = await Promise.all([
    fileSummaries(db, agencyId, { scope, ids: [id] }, asOf, settings),
    findFileDetail(db, agencyId, id),
    listEvents(db, agencyId, id),
    listSupplements(db, agencyId, id),
  ]);
  const summary = summaries[0];
  if (!summary || !extra) throw new ProblemError("not-found");
  const time = processingTimeOf(extra);
  let restartedDueAt: string | null = null;
  const completed = supplements.filter((s) => s.completed_at).at(-1)?.completed_at;
  if (completed) {
    const office = await officeHoursOfAgency(db, agencyId);
    const calendar = await loadCalendar(db, agencyId, localDateOf(completed), addDays(localDateOf(completed), 400));
    restartedDueAt = restartedDue(calendar, completed, time, office).toISOString();
  }
  return {
    ...summary,
    procedure: {
      ...summary.procedure,
      processingTime: time.amount,
      processingTimeUnit: time.unit,
      processingTimeText: describeProcessingTime(time),
    },
    counter: extra.counter_id && extra.counter_name ? { id: extra.counter_id, name: extra.counter_name } : null,
    applicantAddress: extra.applicant_address,
    applicantPhone: extra.applicant_phone,
    applicantEmail: extra.applicant_email,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      occurredAt: e.occurred_at.toISOString(),
      source: e.source,
      note: e.note,
      recordedAt: e.recorded_at.toISOString(),
      actorName: e.actor_name,
    })),
    supplements: supplements.map((s) => ({
      seq: s.seq,
      requestedAt: s.requested_at.toISOString(),
      completedAt: s.completed_at?.toISOString() ?? null,
      reason: s.reason,
      countsAsLate: s.counts_as_late,
    })),
    restartedDueAt,
    canIssueApology: canIssueApology(summary),
    secondSupplement: settings.secondSupplement,
  };
}

/**
 * Whether an apology letter may be issued now: the file has none, and it is late or in its
 * alert window (ND 118/2025 Điều 19 khoản 6: sent at the latest one day before the deadline
 * for a file expected to be late).
 */
export function canIssueApology(summary: Pick<FileSummary, "apology" | "timeliness">): boolean {
  return summary.apology === null && (summary.timeliness.outcome === "late" || summary.timeliness.dueSoon);
}

// ---------------------------------------------------------------------------------------------
// Creating files and recording events

/** Who acts: a staff member, or the one-stop software through its key. */
export type Actor =
  | { kind: "staff"; staff: Staff }
  | { kind: "integration"; keyId: string; keyName: string; agencyId: string };

function actorAudit(actor: Actor) {
  return actor.kind === "staff"
    ? { actorId: actor.staff.id, actorLabel: `${actor.staff.fullName} (${actor.staff.username})` }
    : { actorId: null, actorLabel: `integration: ${actor.keyName}` };
}

export interface NewFileInput {
  code?: string | undefined;
  procedureId: string;
  receivedAt: Date;
  dueAt?: Date | undefined;
  channel: FileChannel;
  counterId?: string | null | undefined;
  applicantName?: string | null | undefined;
  applicantAddress?: string | null | undefined;
  applicantPhone?: string | null | undefined;
  applicantEmail?: string | null | undefined;
}

/**
 * Creates a file and its "received" event (inside the caller's transaction). Without a code,
 * the next code of the day is generated: `<agency code>-YYMMDD-XXXX` (TT 01/2018/TT-VPCP
 * Art. 19, ND 118/2025 Art. 28). Without an appointment, it is computed.
 */
export async function createFileInTx(
  trx: Db,
  agencyId: string,
  input: NewFileInput,
  source: FileEventSource,
  actor: Actor,
): Promise<{ file: FileRow; dueComputed: boolean }> {
  const procedure = await findProcedure(trx, agencyId, input.procedureId);
  if (!procedure) {
    throw new ProblemError("invalid-reference", {
      detail: { vi: "Không tìm thấy thủ tục trong cơ quan.", en: "No such procedure in this agency." },
    });
  }
  if (input.counterId) {
    const counter = await findCounter(trx, agencyId, input.counterId);
    if (!counter) {
      throw new ProblemError("invalid-reference", {
        detail: { vi: "Không tìm thấy quầy trong cơ quan.", en: "No such counter in this agency." },
      });
    }
  }
  const agency = await findAgency(trx, agencyId);
  if (!agency) throw new ProblemError("not-found");
  const office = officeHoursOf(agency.settings);
  const dueAt =
    input.dueAt ?? (await computeDueAt(trx, agencyId, office, processingTimeOf(procedure), input.receivedAt));
  if (dueAt < input.receivedAt) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "dueAt",
          message: { vi: "Ngày hẹn trả phải sau thời điểm tiếp nhận.", en: "The appointment must follow the receipt." },
        },
      ],
    });
  }
  let code = input.code;
  if (!code) {
    const day = localDateOf(input.receivedAt);
    code = formatFileCode(agency.code, day, await nextFileSequence(trx, agencyId, day));
  }
  const row: NewFile = {
    agency_id: agencyId,
    code,
    procedure_id: procedure.id,
    unit_id: procedure.unit_id,
    counter_id: input.counterId ?? null,
    channel: input.channel,
    status: "received",
    received_at: input.receivedAt,
    due_at: dueAt,
    applicant_name: input.applicantName ?? null,
    applicant_address: input.applicantAddress ?? null,
    applicant_phone: input.applicantPhone ?? null,
    applicant_email: input.applicantEmail ?? null,
  };
  const file = await trx.insertInto("files").values(row).returningAll().executeTakeFirstOrThrow();
  await insertEventOnce(trx, {
    agencyId,
    fileId: file.id,
    kind: "received",
    occurredAt: input.receivedAt,
    eventKey: RECEIVED_KEY,
    source,
    actorId: actor.kind === "staff" ? actor.staff.id : null,
    integrationKeyId: actor.kind === "integration" ? actor.keyId : null,
  });
  return { file, dueComputed: input.dueAt === undefined };
}

/** A file has one "received" event, whatever id or time the sender gives it. */
export const RECEIVED_KEY = "received";

export interface EventInput {
  kind: FileEventKind;
  occurredAt: Date;
  /** The sender's event id, or (when absent) the event time makes the key. */
  eventId?: string | undefined;
  note?: string | null | undefined;
}

export function eventKeyOf(e: EventInput): string {
  if (e.kind === "received") return RECEIVED_KEY;
  return e.eventId ?? e.occurredAt.toISOString();
}

const FINISHED: readonly FileStatus[] = ["returned", "stopped"];
/** Clocks of the one-stop software and of counters may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** `current`: the file as it is now (e.g. after another officer's change), for the 409's reader. */
function transition(vi: string, en: string, current?: Record<string, unknown>): ProblemError {
  return new ProblemError("file-transition", { detail: { vi, en }, ...(current && { extensions: { current } }) });
}

/**
 * Records one event on a file locked by the caller's transaction, and applies it:
 * - supplement_requested: the file waits for the citizen; a second request is refused
 *   (`second-supplement`) or, under `record_late`, recorded and the file counts as late;
 * - supplement_completed: closes the open request (its waiting time is not counted);
 * - returned / stopped: the file is finished.
 * The same event (file, kind, key) twice is stored once and changes nothing the second time.
 */
export async function applyEventInTx(
  trx: Db,
  file: FileRow,
  event: EventInput,
  source: FileEventSource,
  actor: Actor,
  settings: Pick<FileSettings, "secondSupplement">,
): Promise<{ applied: boolean; eventKey: string }> {
  const eventKey = eventKeyOf(event);
  const inserted = await insertEventOnce(trx, {
    agencyId: file.agency_id,
    fileId: file.id,
    kind: event.kind,
    occurredAt: event.occurredAt,
    eventKey,
    source,
    note: event.note ?? null,
    actorId: actor.kind === "staff" ? actor.staff.id : null,
    integrationKeyId: actor.kind === "integration" ? actor.keyId : null,
  });
  if (!inserted) return { applied: false, eventKey };
  if (event.kind === "received") return { applied: true, eventKey };

  if (event.occurredAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "occurredAt",
          message: { vi: "Thời điểm này ở tương lai.", en: "This moment is in the future." },
        },
      ],
    });
  }
  if (event.occurredAt < file.received_at) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "occurredAt",
          message: {
            vi: "Thời điểm này trước thời điểm tiếp nhận hồ sơ.",
            en: "This moment is before the file was received.",
          },
        },
      ],
    });
  }
  if (FINISHED.includes(file.status)) {
    throw transition(
      "Hồ sơ đã trả kết quả hoặc đã dừng xử lý; không ghi thêm được.",
      "The file was already returned or stopped; nothing more can be recorded.",
      { status: file.status },
    );
  }
  const supplements = await listSupplements(trx, file.agency_id, file.id);
  const open = supplements.find((s) => s.completed_at === null);
  const agencyId = file.agency_id;
  let status: FileStatus = file.status;
  let returnedAt: Date | null = file.returned_at;

  switch (event.kind) {
    case "supplement_requested": {
      if (open) {
        throw transition(
          "Hồ sơ đang chờ công dân bổ sung; chưa thể yêu cầu bổ sung tiếp.",
          "The file already waits for the citizen's supplement.",
          { status: file.status },
        );
      }
      if (supplements.length >= 1 && settings.secondSupplement === "refuse") {
        throw new ProblemError("second-supplement", {
          detail: {
            vi: `Hồ sơ ${file.code} đã được yêu cầu bổ sung ngày ${formatVi(supplements[0]!.requested_at)}. Theo Nghị định 118/2025/NĐ-CP (Điều 11), chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần.`,
            en: `File ${file.code} was already sent back for supplementing on ${formatVi(supplements[0]!.requested_at)}. ND 118/2025 (Art. 11) allows it only once.`,
          },
          extensions: { fileCode: file.code, previousRequests: supplements.length, current: { status: file.status } },
        });
      }
      const seq = supplements.length + 1;
      await trx
        .insertInto("file_supplements")
        .values({
          agency_id: agencyId,
          file_id: file.id,
          seq,
          requested_at: event.occurredAt,
          reason: event.note ?? null,
          counts_as_late: seq > 1,
        })
        .execute();
      if (seq > 1) {
        await appendAudit(trx, {
          agencyId,
          ...actorAudit(actor),
          action: "file.second_supplement_recorded",
          subjectType: "file",
          subjectId: file.id,
          details: { fileCode: file.code, seq, requestedAt: event.occurredAt.toISOString() },
        });
      }
      status = "supplement_requested";
      break;
    }
    case "supplement_completed": {
      if (!open) {
        throw transition("Hồ sơ không có yêu cầu bổ sung nào đang chờ.", "The file has no open supplement request.", {
          status: file.status,
        });
      }
      if (event.occurredAt < open.requested_at) {
        throw new ProblemError("validation", {
          errors: [
            {
              path: "occurredAt",
              message: {
                vi: "Thời điểm bổ sung xong trước thời điểm yêu cầu bổ sung.",
                en: "The supplement cannot be completed before it was requested.",
              },
            },
          ],
        });
      }
      await trx
        .updateTable("file_supplements")
        .set({ completed_at: event.occurredAt })
        .where("agency_id", "=", agencyId)
        .where("id", "=", open.id)
        .execute();
      status = "in_progress";
      break;
    }
    case "returned":
      status = "returned";
      returnedAt = event.occurredAt;
      break;
    case "stopped":
      status = "stopped";
      break;
  }
  await trx
    .updateTable("files")
    .set({ status, returned_at: returnedAt, updated_at: new Date() })
    .where("agency_id", "=", agencyId)
    .where("id", "=", file.id)
    .execute();
  file.status = status;
  file.returned_at = returnedAt;
  return { applied: true, eventKey };
}

/** A staff member records an event on a file of their scope (one transaction). */
export async function recordStaffEvent(
  db: Db,
  staff: Staff,
  scope: FileScope,
  fileId: string,
  event: EventInput,
): Promise<{ applied: boolean }> {
  const settings = await loadFileSettings(db, staff.agencyId);
  return db.transaction().execute(async (trx) => {
    const file = await findFileForUpdate(trx, staff.agencyId, { id: fileId });
    if (!file) throw new ProblemError("not-found");
    const counterUnit = file.counter_id ? (await findCounter(trx, staff.agencyId, file.counter_id))?.unit_id : null;
    if (!inScope(scope, [file.unit_id, counterUnit ?? null])) throw new ProblemError("not-found");
    const { applied } = await applyEventInTx(trx, file, event, "staff", { kind: "staff", staff }, settings);
    return { applied };
  });
}

function formatVi(d: Date): string {
  return formatDateVi(localDateOf(d));
}
