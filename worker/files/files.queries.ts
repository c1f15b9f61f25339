/**
 * Every SQL statement of the files feature (hồ sơ, apology letters, integration keys,
 * imports). Every query filters by agency_id; staff queries also by the staff member's units
 * (`FileScope`).
 */
import { type Expression, type Kysely, type SqlBool, sql } from "kysely";
import type { Database } from "../../schema/db/database";
import type {
  DeliveryChannel,
  DeliveryStatus,
  FileEventKind,
  FileEventSource,
  LetterForm,
  NewApologyLetter,
  SecondSupplementPolicy,
} from "../../schema/db/files";

type Db = Kysely<Database>;

/** Which files a staff member sees: all of the agency's, or those of some units (see files.service.ts). */
export type FileScope = "all" | readonly string[];

/** WHERE condition on `files as f`: the file belongs to a unit in scope, or was received at one's counter. */
export function fileInScope(scope: FileScope): Expression<SqlBool> {
  if (scope === "all") return sql<SqlBool>`true`;
  if (scope.length === 0) return sql<SqlBool>`false`;
  const ids = sql.join(scope.map((id) => sql`${id}::uuid`));
  return sql<SqlBool>`(f.unit_id IN (${ids}) OR f.counter_id IN (
    SELECT sc.id FROM counters sc WHERE sc.agency_id = f.agency_id AND sc.unit_id IN (${ids})))`;
}

// ---------------------------------------------------------------------------------------------
// Agency, settings, reference data

export function findAgency(db: Db, agencyId: string) {
  return db
    .selectFrom("agencies")
    .where("id", "=", agencyId)
    .select(["id", "code", "name", "address", "settings"])
    .executeTakeFirst();
}

export function findSettingsRow(db: Db, agencyId: string) {
  return db.selectFrom("file_settings").where("agency_id", "=", agencyId).selectAll().executeTakeFirst();
}

export interface SettingsValues {
  letter_form: LetterForm;
  second_supplement: SecondSupplementPolicy;
  alert_working_days: number;
  on_time_target: number;
  parent_agency_name: string | null;
  letter_place: string | null;
  letter_number_suffix: string;
  signer_title: string | null;
  signer_name: string | null;
}

export function upsertSettings(db: Db, agencyId: string, values: SettingsValues, staffId: string) {
  const row = { ...values, updated_by: staffId, updated_at: new Date() };
  return db
    .insertInto("file_settings")
    .values({ agency_id: agencyId, ...row })
    .onConflict((oc) => oc.column("agency_id").doUpdateSet(row))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Whether any of the units is the one-stop desk (Bộ phận Một cửa), which handles every file. */
export async function includesOneStopUnit(db: Db, agencyId: string, unitIds: readonly string[]): Promise<boolean> {
  if (unitIds.length === 0) return false;
  const row = await db
    .selectFrom("units")
    .where("agency_id", "=", agencyId)
    .where("id", "in", [...unitIds])
    .where("kind", "=", "one_stop")
    .select("id")
    .executeTakeFirst();
  return row !== undefined;
}

const PROCEDURE_COLUMNS = [
  "id",
  "unit_id",
  "national_code",
  "name",
  "processing_time",
  "processing_time_unit",
  "active",
] as const;

export function findProcedure(db: Db, agencyId: string, id: string) {
  return db
    .selectFrom("procedures")
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .select(PROCEDURE_COLUMNS)
    .executeTakeFirst();
}

export function findProcedureByCode(db: Db, agencyId: string, nationalCode: string) {
  return db
    .selectFrom("procedures")
    .where("agency_id", "=", agencyId)
    .where("national_code", "=", nationalCode)
    .select(PROCEDURE_COLUMNS)
    .executeTakeFirst();
}

export function listProcedures(db: Db, agencyId: string) {
  return db.selectFrom("procedures").where("agency_id", "=", agencyId).select(PROCEDURE_COLUMNS).execute();
}

export function listCounters(db: Db, agencyId: string) {
  return db
    .selectFrom("counters")
    .where("agency_id", "=", agencyId)
    .select(["id", "code", "name", "unit_id"])
    .execute();
}

export function findCounter(db: Db, agencyId: string, id: string) {
  return db
    .selectFrom("counters")
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .select(["id", "code", "name", "unit_id"])
    .executeTakeFirst();
}

export function findCounterByCode(db: Db, agencyId: string, code: string) {
  return db
    .selectFrom("counters")
    .where("agency_id", "=", agencyId)
    .where("code", "=", code)
    .select(["id", "code", "name", "unit_id"])
    .executeTakeFirst();
}

/** The next sequence number of the day's file codes (atomic: two counters never get the same one). */
export async function nextFileSequence(db: Db, agencyId: string, day: string): Promise<number> {
  const row = await db
    .insertInto("file_code_sequences")
    .values({ agency_id: agencyId, day, last_seq: 1 })
    .onConflict((oc) =>
      oc.columns(["agency_id", "day"]).doUpdateSet({ last_seq: sql`file_code_sequences.last_seq + 1` }),
    )
    .returning("last_seq")
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

// ---------------------------------------------------------------------------------------------
// Files

export function findFileForUpdate(db: Db, agencyId: string, where: { id: string } | { code: string }) {
  let q = db.selectFrom("files").where("agency_id", "=", agencyId);
  q = "id" in where ? q.where("id", "=", where.id) : q.where("code", "=", where.code);
  return q.selectAll().forUpdate().executeTakeFirst();
}

export function findFileRow(db: Db, agencyId: string, id: string) {
  return db.selectFrom("files").where("agency_id", "=", agencyId).where("id", "=", id).selectAll().executeTakeFirst();
}

export interface FileFactsFilter {
  scope: FileScope;
  ids?: readonly string[];
  /** Received within [from, to] (instants). */
  receivedFrom?: Date;
  receivedTo?: Date;
  /** KPI period: finished within [from, to], or not finished at `to` (received by then). */
  period?: { from: Date; to: Date };
  /** Not returned nor stopped. */
  openOnly?: boolean;
  /** Open files, plus files received since this instant that have no apology letter. */
  alerts?: { since: Date };
  unitId?: string;
  procedureId?: string;
  status?: string;
  channel?: string;
  q?: string;
}

/**
 * What the on-time rules need of each file, one row per file: its dates, stop time, supplement
 * requests and apology letter, with the names a list shows.
 */
export function fileFacts(db: Db, agencyId: string, filter: FileFactsFilter) {
  const stopped = sql<Date | null>`(
    SELECT min(e.occurred_at) FROM file_events e
    WHERE e.agency_id = f.agency_id AND e.file_id = f.id AND e.kind = 'stopped')`;
  const stoppedAt = sql<Date | null>`CASE WHEN f.status = 'stopped' THEN coalesce(${stopped}, f.updated_at) END`;
  const finishedAt = sql<Date | null>`coalesce(f.returned_at, ${stoppedAt})`;
  let q = db
    .selectFrom("files as f")
    .innerJoin("procedures as p", (j) =>
      j.onRef("p.agency_id", "=", "f.agency_id").onRef("p.id", "=", "f.procedure_id"),
    )
    .innerJoin("units as u", (j) => j.onRef("u.agency_id", "=", "f.agency_id").onRef("u.id", "=", "f.unit_id"))
    .leftJoin("apology_letters as a", (j) => j.onRef("a.agency_id", "=", "f.agency_id").onRef("a.file_id", "=", "f.id"))
    .where("f.agency_id", "=", agencyId)
    .where(fileInScope(filter.scope))
    .select([
      "f.id",
      "f.code",
      "f.unit_id",
      "u.name as unit_name",
      "f.procedure_id",
      "p.national_code as procedure_code",
      "p.name as procedure_name",
      "f.channel",
      "f.status",
      "f.received_at",
      "f.due_at",
      "f.returned_at",
      "f.applicant_name",
      stoppedAt.as("stopped_at"),
      sql<Array<{ requestedAt: string; completedAt: string | null }>>`coalesce((
        SELECT json_agg(json_build_object('requestedAt', s.requested_at, 'completedAt', s.completed_at) ORDER BY s.seq)
        FROM file_supplements s WHERE s.agency_id = f.agency_id AND s.file_id = f.id), '[]'::json)`.as("supplements"),
      "a.id as letter_id",
      "a.number as letter_number",
      "a.number_suffix as letter_suffix",
      "a.issued_at as letter_issued_at",
      "a.new_due_at as letter_new_due_at",
    ]);
  if (filter.ids)
    q = q.where("f.id", "in", filter.ids.length ? [...filter.ids] : ["00000000-0000-0000-0000-000000000000"]);
  if (filter.receivedFrom) q = q.where("f.received_at", ">=", filter.receivedFrom);
  if (filter.receivedTo) q = q.where("f.received_at", "<=", filter.receivedTo);
  if (filter.period) {
    const { from, to } = filter.period;
    q = q.where("f.received_at", "<=", to).where(sql<SqlBool>`(${finishedAt} IS NULL OR ${finishedAt} >= ${from})`);
  }
  if (filter.openOnly) q = q.where("f.status", "not in", ["returned", "stopped"]);
  if (filter.alerts) {
    const since = filter.alerts.since;
    q = q.where((eb) =>
      eb.or([
        eb("f.status", "not in", ["returned", "stopped"]),
        eb.and([eb("f.received_at", ">=", since), eb("a.id", "is", null)]),
      ]),
    );
  }
  if (filter.unitId) q = q.where("f.unit_id", "=", filter.unitId);
  if (filter.procedureId) q = q.where("f.procedure_id", "=", filter.procedureId);
  if (filter.status) q = q.where("f.status", "=", filter.status as never);
  if (filter.channel) q = q.where("f.channel", "=", filter.channel as never);
  if (filter.q) {
    const like = `%${filter.q.replaceAll("\\", "\\\\").replaceAll("%", "\\%").replaceAll("_", "\\_")}%`;
    q = q.where((eb) => eb.or([eb("f.code", "ilike", like), eb("f.applicant_name", "ilike", like)]));
  }
  return q.orderBy("f.received_at", "desc").orderBy("f.code").execute();
}

export type FileFactRow = Awaited<ReturnType<typeof fileFacts>>[number];

/** The file with its procedure, unit and counter, for the file page. */
export function findFileDetail(db: Db, agencyId: string, id: string) {
  return db
    .selectFrom("files as f")
    .innerJoin("procedures as p", (j) =>
      j.onRef("p.agency_id", "=", "f.agency_id").onRef("p.id", "=", "f.procedure_id"),
    )
    .leftJoin("counters as c", (j) => j.onRef("c.agency_id", "=", "f.agency_id").onRef("c.id", "=", "f.counter_id"))
    .where("f.agency_id", "=", agencyId)
    .where("f.id", "=", id)
    .select([
      "f.id",
      "f.unit_id",
      "f.counter_id",
      "c.name as counter_name",
      "c.unit_id as counter_unit_id",
      "f.applicant_address",
      "f.applicant_phone",
      "f.applicant_email",
      "p.processing_time",
      "p.processing_time_unit",
    ])
    .executeTakeFirst();
}

export function listEvents(db: Db, agencyId: string, fileId: string) {
  return db
    .selectFrom("file_events as e")
    .leftJoin("staff_users as s", (j) => j.onRef("s.agency_id", "=", "e.agency_id").onRef("s.id", "=", "e.actor_id"))
    .where("e.agency_id", "=", agencyId)
    .where("e.file_id", "=", fileId)
    .select(["e.id", "e.kind", "e.occurred_at", "e.source", "e.note", "e.recorded_at", "s.full_name as actor_name"])
    .orderBy("e.occurred_at")
    .orderBy("e.recorded_at")
    .execute();
}

export function listSupplements(db: Db, agencyId: string, fileId: string) {
  return db
    .selectFrom("file_supplements")
    .where("agency_id", "=", agencyId)
    .where("file_id", "=", fileId)
    .selectAll()
    .orderBy("seq")
    .execute();
}

export interface NewEvent {
  agencyId: string;
  fileId: string;
  kind: FileEventKind;
  occurredAt: Date;
  eventKey: string;
  source: FileEventSource;
  note?: string | null;
  actorId?: string | null;
  integrationKeyId?: string | null;
}

/** Records an event once: null when the same (file, kind, key) was already recorded. */
export async function insertEventOnce(db: Db, e: NewEvent): Promise<{ id: string } | null> {
  const row = await db
    .insertInto("file_events")
    .values({
      agency_id: e.agencyId,
      file_id: e.fileId,
      kind: e.kind,
      occurred_at: e.occurredAt,
      event_key: e.eventKey,
      source: e.source,
      note: e.note ?? null,
      actor_id: e.actorId ?? null,
      integration_key_id: e.integrationKeyId ?? null,
    })
    .onConflict((oc) => oc.constraint("file_events_idempotent").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Apology letters

/** The next letter number of the agency's year (atomic). */
export async function nextLetterNumber(db: Db, agencyId: string, year: number): Promise<number> {
  const row = await db
    .insertInto("apology_letter_numbers")
    .values({ agency_id: agencyId, year, last_number: 1 })
    .onConflict((oc) =>
      oc.columns(["agency_id", "year"]).doUpdateSet({ last_number: sql`apology_letter_numbers.last_number + 1` }),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export function insertLetter(db: Db, letter: NewApologyLetter) {
  return db.insertInto("apology_letters").values(letter).returningAll().executeTakeFirstOrThrow();
}

export function findLetterByFile(db: Db, agencyId: string, fileId: string) {
  return db
    .selectFrom("apology_letters")
    .where("agency_id", "=", agencyId)
    .where("file_id", "=", fileId)
    .selectAll()
    .executeTakeFirst();
}

export function listDeliveries(db: Db, agencyId: string, letterId: string) {
  return db
    .selectFrom("apology_deliveries")
    .where("agency_id", "=", agencyId)
    .where("letter_id", "=", letterId)
    .selectAll()
    .orderBy("delivered_at")
    .execute();
}

export function insertDelivery(
  db: Db,
  d: {
    agencyId: string;
    letterId: string;
    channel: DeliveryChannel;
    recipient: string | null;
    status: DeliveryStatus;
    detail: string | null;
    actorId: string;
  },
) {
  return db
    .insertInto("apology_deliveries")
    .values({
      agency_id: d.agencyId,
      letter_id: d.letterId,
      channel: d.channel,
      recipient: d.recipient,
      status: d.status,
      detail: d.detail,
      actor_id: d.actorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------------------------------------
// Integration keys

export function findActiveKeyByHash(db: Db, hash: string) {
  return db
    .selectFrom("integration_keys")
    .where("key_hash", "=", hash)
    .where("revoked_at", "is", null)
    .select(["id", "agency_id", "name", "last_used_at"])
    .executeTakeFirst();
}

export function touchKey(db: Db, id: string) {
  return db.updateTable("integration_keys").set({ last_used_at: new Date() }).where("id", "=", id).execute();
}

export function listKeys(db: Db, agencyId: string) {
  return db
    .selectFrom("integration_keys")
    .where("agency_id", "=", agencyId)
    .select(["id", "name", "key_prefix", "created_at", "last_used_at", "revoked_at"])
    .orderBy("created_at", "desc")
    .execute();
}

export function insertKey(
  db: Db,
  k: { agencyId: string; name: string; prefix: string; hash: string; staffId: string | null },
) {
  return db
    .insertInto("integration_keys")
    .values({ agency_id: k.agencyId, name: k.name, key_prefix: k.prefix, key_hash: k.hash, created_by: k.staffId })
    .returning(["id", "name", "key_prefix", "created_at", "last_used_at", "revoked_at"])
    .executeTakeFirstOrThrow();
}

export function revokeKey(db: Db, agencyId: string, id: string) {
  return db
    .updateTable("integration_keys")
    .set({ revoked_at: new Date() })
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .returning(["id", "name", "key_prefix"])
    .executeTakeFirst();
}
