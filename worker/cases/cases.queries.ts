/**
 * Every SQL statement of the cases feature. Staff queries always filter by the staff member's
 * agency, and by their units or assignments (`visibleTo`).
 */
import { type Kysely, sql } from "kysely";
import type { CaseKind, Database } from "../../schema/db/database";
import { inUnits } from "../auth/scope";
import type { Staff } from "../auth/staff";
import type { CasePrefix } from "./codes";

type Db = Kysely<Database>;

// ---- agencies, counters, files, units ----

export function findAgencyByCode(db: Db, code: string) {
  return db
    .selectFrom("agencies")
    .where("code", "=", code)
    .select([
      "id",
      "code",
      "name",
      "short_name",
      "address",
      "hotline",
      "email",
      "website",
      "satisfaction_target",
      "settings",
    ])
    .executeTakeFirst();
}

export function findActiveCounter(db: Db, publicCode: string) {
  return db
    .selectFrom("counters as k")
    .innerJoin("units as u", (j) => j.onRef("u.agency_id", "=", "k.agency_id").onRef("u.id", "=", "k.unit_id"))
    .innerJoin("agencies as a", "a.id", "k.agency_id")
    .where("k.public_code", "=", publicCode)
    .where("k.active", "=", true)
    .select([
      "k.id",
      "k.agency_id",
      "k.unit_id",
      "k.public_code",
      "k.name",
      "u.name as unit_name",
      "a.code as agency_code",
    ])
    .executeTakeFirst();
}

export function findFileByCode(db: Db, agencyId: string, code: string) {
  return db
    .selectFrom("files")
    .where("agency_id", "=", agencyId)
    .where("code", "=", code)
    .select(["id", "unit_id", "procedure_id"])
    .executeTakeFirst();
}

export function findProcedure(db: Db, agencyId: string, id: string) {
  return db
    .selectFrom("procedures")
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .select(["id", "unit_id", "national_code", "name"])
    .executeTakeFirst();
}

export function listActiveProcedures(db: Db, agencyId: string) {
  return db
    .selectFrom("procedures")
    .where("agency_id", "=", agencyId)
    .where("active", "=", true)
    .select(["id", "national_code", "name"])
    .orderBy("name")
    .limit(500)
    .execute();
}

export function listUnits(db: Db, agencyId: string) {
  return db
    .selectFrom("units")
    .where("agency_id", "=", agencyId)
    .select(["id", "code", "name", "kind", "active"])
    .orderBy("name")
    .execute();
}

export function listPublicAgencies(db: Db) {
  return db.selectFrom("agencies").select(["code", "name"]).orderBy("name").limit(500).execute();
}

// ---- routing ----

export function listRoutingRules(db: Db, agencyId: string) {
  return db
    .selectFrom("case_routing_rules")
    .where("agency_id", "=", agencyId)
    .select(["id", "case_kind", "source_unit_id", "procedure_id", "handling_unit_id", "note", "active"])
    .orderBy("created_at")
    .execute();
}

// ---- codes ----

/**
 * The next number of the day's sequence for an agency and prefix. One atomic upsert: the first
 * code of a day starts after any code already in `cases` (seeded or imported), later ones
 * increment the row, and concurrent intakes wait on the row lock, so no two share a number.
 */
export async function nextCaseSequence(db: Db, agencyId: string, prefix: CasePrefix, day: string): Promise<number> {
  const pattern = `${prefix}.${day.replaceAll("-", "")}.%`;
  const row = await db
    .insertInto("case_code_sequences")
    .values({
      agency_id: agencyId,
      prefix,
      day,
      last_value: sql<number>`(SELECT COALESCE(MAX(split_part(code, '.', 3)::int), 0) + 1
        FROM cases WHERE agency_id = ${agencyId} AND code LIKE ${pattern})`,
    })
    .onConflict((oc) =>
      oc
        .columns(["agency_id", "prefix", "day"])
        .doUpdateSet({ last_value: sql<number>`case_code_sequences.last_value + 1` }),
    )
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return row.last_value;
}

// ---- a case ----

/** The case row with its workflow state, handling unit and open deadline. */
export function caseCore(db: Db) {
  return db
    .selectFrom("cases as c")
    .innerJoin("agencies as ag", "ag.id", "c.agency_id")
    .leftJoin("case_workflow as w", (j) => j.onRef("w.agency_id", "=", "c.agency_id").onRef("w.case_id", "=", "c.id"))
    .leftJoin("units as u", (j) => j.onRef("u.agency_id", "=", "c.agency_id").onRef("u.id", "=", "c.handling_unit_id"))
    .leftJoin("case_deadlines as d", (j) => j.onRef("d.case_id", "=", "c.id").on("d.closed_at", "is", null))
    .select([
      "c.id",
      "c.agency_id",
      "ag.code as agency_code",
      "ag.name as agency_name",
      "ag.hotline as agency_hotline",
      "ag.settings as agency_settings",
      "c.code",
      "c.kind",
      "c.status",
      "c.title",
      "c.content",
      "c.handling_unit_id",
      "u.name as unit_name",
      "c.file_id",
      "c.procedure_id",
      "c.anonymous",
      "c.received_at",
      "c.due_at",
      "c.closed_at",
      "w.channel",
      "w.counter_id",
      "w.tracking_secret_hash",
      "w.routed_by",
      "w.accepted_at",
      "w.complex",
      "w.extensions",
      "w.paused_at",
      "w.overdue_at",
      "w.forwarded_to",
      "w.attachments_open_until",
      "d.id as deadline_id",
      "d.step as due_step",
      sql<string | null>`to_char(d.due_on, 'YYYY-MM-DD')`.as("due_on"),
      "d.due_at as deadline_due_at",
      "d.legal_basis as due_legal_basis",
      "d.confidence as due_confidence",
      "d.period as due_period",
      "d.day_type as due_day_type",
    ]);
}

export type CaseCoreRow = NonNullable<Awaited<ReturnType<ReturnType<typeof caseCore>["executeTakeFirst"]>>>;

/** Keeps the rows a staff member may see: their units' cases and the cases they are assigned to. */
export function visibleTo<Q extends ReturnType<typeof caseCore>>(
  query: Q,
  staff: Pick<Staff, "id" | "agencyId" | "role" | "unitIds">,
): Q {
  return query.where((eb) =>
    eb.and([
      eb("c.agency_id", "=", staff.agencyId),
      eb.or([
        inUnits(staff, eb, "c.handling_unit_id"),
        eb.exists(
          eb
            .selectFrom("case_assignments as ca")
            .select("ca.id")
            .whereRef("ca.case_id", "=", "c.id")
            .where("ca.staff_user_id", "=", staff.id)
            .where("ca.ended_at", "is", null),
        ),
      ]),
    ]),
  ) as Q;
}

/** Locks the case row until the transaction ends (transitions of one case run one at a time). */
export function lockCase(db: Db, agencyId: string, caseId: string) {
  return db
    .selectFrom("cases")
    .where("agency_id", "=", agencyId)
    .where("id", "=", caseId)
    .select(["id", "status"])
    .forUpdate()
    .executeTakeFirst();
}

export function activeAssignees(db: Db, caseIds: readonly string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("case_assignments as ca")
    .innerJoin("staff_users as s", (j) =>
      j.onRef("s.agency_id", "=", "ca.agency_id").onRef("s.id", "=", "ca.staff_user_id"),
    )
    .where("ca.case_id", "in", [...caseIds])
    .where("ca.ended_at", "is", null)
    .select(["ca.case_id", "s.id", "s.full_name"])
    .orderBy("ca.assigned_at")
    .execute();
}

export function listEvents(db: Db, caseId: string, onlyPublic = false) {
  let query = db
    .selectFrom("case_events")
    .where("case_id", "=", caseId)
    .select([
      "id",
      "at",
      "actor_kind",
      "actor_label",
      "action",
      "from_status",
      "to_status",
      "reason",
      "notice",
      "public",
      "details",
    ])
    .orderBy("id");
  if (onlyPublic) query = query.where("public", "=", true);
  return query.execute();
}

export function listDeadlines(db: Db, caseId: string) {
  return db
    .selectFrom("case_deadlines")
    .where("case_id", "=", caseId)
    .select([
      "id",
      "step",
      sql<string>`to_char(start_on, 'YYYY-MM-DD')`.as("start_on"),
      sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as("due_on"),
      "due_at",
      "rule_id",
      "period",
      "day_type",
      "legal_basis",
      "confidence",
      "reason",
      "closed_at",
      "outcome",
      "late",
    ])
    .orderBy("created_at")
    .execute();
}

export function listAttachments(db: Db, caseId: string) {
  return db
    .selectFrom("case_attachments")
    .where("case_id", "=", caseId)
    .select([
      "id",
      "agency_id",
      "answer_id",
      "uploaded_by_kind",
      "object_key",
      "content_type",
      "size_bytes",
      "identifying",
      "file_name",
      "key_id",
      "iv",
      "name_iv",
      "name_ciphertext",
      "created_at",
    ])
    .orderBy("created_at")
    .execute();
}

export type AttachmentRow = Awaited<ReturnType<typeof listAttachments>>[number];

export function findAnswer(db: Db, caseId: string) {
  return db
    .selectFrom("case_answers as a")
    .innerJoin("staff_users as s", (j) =>
      j.onRef("s.agency_id", "=", "a.agency_id").onRef("s.id", "=", "a.answered_by"),
    )
    .where("a.case_id", "=", caseId)
    .select([
      "a.id",
      "a.body",
      "a.document_number",
      sql<string | null>`to_char(a.document_date, 'YYYY-MM-DD')`.as("document_date"),
      "a.answered_at",
      "s.full_name as answered_by_name",
      "a.published_question",
      "a.published_body",
      "a.published_at",
    ])
    .executeTakeFirst();
}

export function findRating(db: Db, caseId: string) {
  return db
    .selectFrom("case_answer_ratings")
    .where("case_id", "=", caseId)
    .select(["satisfied", "comment", "rated_at"])
    .executeTakeFirst();
}

export function findIdentityRow(db: Db, agencyId: string, caseId: string) {
  return db
    .selectFrom("case_identities")
    .where("agency_id", "=", agencyId)
    .where("case_id", "=", caseId)
    .select(["filer_type", "has_phone", "has_email", "key_id", "iv", "ciphertext"])
    .executeTakeFirst();
}

export function caseRefs(
  db: Db,
  agencyId: string,
  c: { counter_id: string | null; file_id: string | null; procedure_id: string | null },
) {
  return Promise.all([
    c.counter_id
      ? db
          .selectFrom("counters")
          .where("agency_id", "=", agencyId)
          .where("id", "=", c.counter_id)
          .select(["name"])
          .executeTakeFirst()
      : undefined,
    c.file_id
      ? db
          .selectFrom("files")
          .where("agency_id", "=", agencyId)
          .where("id", "=", c.file_id)
          .select(["code"])
          .executeTakeFirst()
      : undefined,
    c.procedure_id
      ? db
          .selectFrom("procedures")
          .where("agency_id", "=", agencyId)
          .where("id", "=", c.procedure_id)
          .select(["id", "name", "national_code"])
          .executeTakeFirst()
      : undefined,
  ]);
}

export function isAssigned(db: Db, caseId: string, staffId: string) {
  return db
    .selectFrom("case_assignments")
    .where("case_id", "=", caseId)
    .where("staff_user_id", "=", staffId)
    .where("ended_at", "is", null)
    .select("id")
    .executeTakeFirst()
    .then((r) => r !== undefined);
}

/** Staff of an agency who may handle cases, with their units. */
export function listCaseStaff(db: Db, agencyId: string) {
  return db
    .selectFrom("staff_users as s")
    .where("s.agency_id", "=", agencyId)
    .where("s.active", "=", true)
    .where("s.role", "in", ["admin", "manager", "inspector"])
    .select((eb) => [
      "s.id",
      "s.full_name",
      "s.role",
      eb
        .selectFrom("staff_user_units as su")
        .whereRef("su.staff_user_id", "=", "s.id")
        .select(sql<string[]>`coalesce(array_agg(su.unit_id::text), '{}')`.as("ids"))
        .as("unit_ids"),
    ])
    .orderBy("s.full_name")
    .execute();
}

// ---- the queue ----

export interface QueueFilter {
  kind?: CaseKind | undefined;
  status?: string | undefined;
  unitId?: string | undefined;
  due?: "overdue" | "soon" | "open" | undefined;
  mine?: boolean;
  q?: string | undefined;
  now: Date;
  soonUntil: Date;
  limit: number;
  offset: number;
}

const FINAL = ["rejected", "forwarded", "closed", "published"] as const;

function queueBase(db: Db, staff: Staff, filter: Omit<QueueFilter, "due" | "limit" | "offset">) {
  let query = visibleTo(caseCore(db), staff);
  if (filter.kind) query = query.where("c.kind", "=", filter.kind);
  if (filter.status) query = query.where("c.status", "=", filter.status as never);
  if (filter.unitId) query = query.where("c.handling_unit_id", "=", filter.unitId);
  if (filter.q) query = query.where("c.code", "ilike", `%${filter.q.replace(/[%_\\]/g, "")}%`);
  if (filter.mine) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("case_assignments as m")
          .select("m.id")
          .whereRef("m.case_id", "=", "c.id")
          .where("m.staff_user_id", "=", staff.id)
          .where("m.ended_at", "is", null),
      ),
    );
  }
  return query;
}

export async function queue(db: Db, staff: Staff, filter: QueueFilter) {
  const base = queueBase(db, staff, filter);
  const open = (q: typeof base) =>
    q
      .where("c.due_at", "is not", null)
      .where("c.status", "not in", [...FINAL])
      .where("w.paused_at", "is", null);
  let list = base;
  if (filter.due === "open") list = open(list);
  if (filter.due === "overdue") list = open(list).where("c.due_at", "<=", filter.now);
  if (filter.due === "soon")
    list = open(list).where("c.due_at", ">", filter.now).where("c.due_at", "<=", filter.soonUntil);
  const [items, total, counts] = await Promise.all([
    list
      .orderBy(sql`CASE WHEN c.status IN ('rejected','forwarded','closed','published') THEN 1 ELSE 0 END`)
      .orderBy(sql`c.due_at ASC NULLS LAST`)
      .orderBy("c.received_at", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    list
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
    open(base)
      .clearSelect()
      .select([
        sql<string>`count(*) FILTER (WHERE c.due_at <= ${filter.now})`.as("overdue"),
        sql<string>`count(*) FILTER (WHERE c.due_at > ${filter.now} AND c.due_at <= ${filter.soonUntil})`.as("soon"),
        sql<string>`count(*)`.as("open"),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items,
    total: Number(total.n),
    counts: { overdue: Number(counts.overdue), soon: Number(counts.soon), open: Number(counts.open) },
  };
}

// ---- public pages ----

export function listPublishedAnswers(db: Db, agencyId: string, before: Date | undefined, limit: number) {
  let query = db
    .selectFrom("case_answers as a")
    .innerJoin("cases as c", (j) => j.onRef("c.agency_id", "=", "a.agency_id").onRef("c.id", "=", "a.case_id"))
    .leftJoin("units as u", (j) => j.onRef("u.agency_id", "=", "c.agency_id").onRef("u.id", "=", "c.handling_unit_id"))
    .where("a.agency_id", "=", agencyId)
    .where("a.published_at", "is not", null)
    .where("c.kind", "=", "petition")
    .select([
      "c.code",
      "c.received_at",
      "u.name as unit_name",
      "a.document_number",
      "a.published_question",
      "a.published_body",
      "a.published_at",
    ])
    .orderBy("a.published_at", "desc")
    .limit(limit + 1);
  if (before) query = query.where("a.published_at", "<", before);
  return query.execute();
}

// ---- figures ----

/**
 * Cases received in [from, to) by kind: answered, answered on time, rated, satisfied. "On time"
 * means the step that the answer met (answer, resolve…) was not late.
 */
export function caseStats(db: Db, agencyId: string, from: Date, to: Date) {
  return db
    .selectFrom("cases as c")
    .leftJoin("case_answers as a", (j) => j.onRef("a.agency_id", "=", "c.agency_id").onRef("a.case_id", "=", "c.id"))
    .leftJoin("case_answer_ratings as r", (j) =>
      j.onRef("r.agency_id", "=", "c.agency_id").onRef("r.case_id", "=", "c.id"),
    )
    .where("c.agency_id", "=", agencyId)
    .where("c.received_at", ">=", from)
    .where("c.received_at", "<", to)
    .groupBy("c.kind")
    .select([
      "c.kind",
      sql<string>`count(*)`.as("received"),
      sql<string>`count(a.id)`.as("answered"),
      sql<string>`count(a.id) FILTER (WHERE NOT EXISTS (
        SELECT 1 FROM case_deadlines d
        WHERE d.case_id = c.id AND d.outcome = 'met' AND d.late
          AND d.step IN ('answer', 'resolve', 'resolve_complex', 'resolve_remote', 'resolve_remote_complex', 'extend')))`.as(
        "answered_on_time",
      ),
      sql<string>`count(r.case_id)`.as("rated"),
      sql<string>`count(r.case_id) FILTER (WHERE r.satisfied)`.as("satisfied"),
      sql<string>`count(a.id) FILTER (WHERE r.satisfied = false OR EXISTS (
        SELECT 1 FROM case_deadlines d
        WHERE d.case_id = c.id AND d.outcome = 'met' AND d.late
          AND d.step IN ('answer', 'resolve', 'resolve_complex', 'resolve_remote', 'resolve_remote_complex', 'extend')))`.as(
        "unsatisfied_or_late",
      ),
      sql<string>`count(r.case_id) FILTER (WHERE NOT r.satisfied)`.as("unsatisfied"),
    ])
    .execute();
}
