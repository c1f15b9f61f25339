/**
 * CSV import of files, in three steps so that a large file can show its progress and still be
 * written all at once or not at all:
 *
 * 1. create: the header is read (columns named in Vietnamese or English, any order);
 * 2. chunks: the page sends the rows in chunks (≤ 1,000 rows); each row is checked and staged
 *    with its file line — the data, or every error found on it (nothing is written to `files`);
 *    a chunk sent twice is staged once;
 * 3. commit: if no staged row has an error, every row is written in ONE statement inside one
 *    transaction (files, supplement requests, events); otherwise nothing is, and the answer
 *    lists the errors. Codes already in the agency are left as they are (counted "existing").
 */
import { type Kysely, sql } from "kysely";
import type { ImportChunkResult, ImportColumn, ImportRowError, ImportSummary } from "../../schema/api/files";
import { IMPORT_MAX_ROWS } from "../../schema/api/files";
import type { Database } from "../../schema/db/database";
import type { StoredImportError } from "../../schema/db/files";
import { appendAudit } from "../audit/audit.service";
import { auditActor, type Staff } from "../auth/staff";
import { officeHoursOf } from "../calendar/calendar.service";
import type { Lang } from "../lib/lang";
import { ProblemError } from "../problems";
import { findAgency, listCounters, listProcedures } from "./files.queries";
import { computeDueMany } from "./files.service";
import { type ImportLookups, type ParsedLine, parseImportChunk, resolveHeader } from "./files-import";

type Db = Kysely<Database>;

const COLUMN_LABELS: Record<ImportColumn, string> = {
  code: "Mã hồ sơ",
  procedureCode: "Mã thủ tục",
  receivedAt: "Ngày tiếp nhận",
  dueAt: "Ngày hẹn trả",
  channel: "Kênh",
  counterCode: "Mã quầy",
  returnedAt: "Ngày trả kết quả",
  stoppedAt: "Ngày dừng xử lý",
  supplementRequestedAt: "Ngày yêu cầu bổ sung",
  supplementCompletedAt: "Ngày bổ sung xong",
  applicantName: "Người nộp",
  applicantAddress: "Địa chỉ",
  applicantPhone: "Điện thoại",
  applicantEmail: "Email",
};

/** Starts an import from the CSV's header line; refuses a header without the required columns. */
export async function createImport(db: Db, staff: Staff, header: string) {
  const resolved = resolveHeader(header);
  if (resolved.missing.length > 0 || resolved.duplicated.length > 0) {
    const missing = resolved.missing.map((c) => COLUMN_LABELS[c]);
    const duplicated = resolved.duplicated.map((c) => COLUMN_LABELS[c]);
    throw new ProblemError("validation", {
      detail: {
        vi: [
          missing.length ? `Tiêu đề thiếu cột: ${missing.join(", ")}.` : "",
          duplicated.length ? `Cột lặp lại: ${duplicated.join(", ")}.` : "",
        ]
          .filter(Boolean)
          .join(" "),
        en: [
          resolved.missing.length ? `The header lacks: ${resolved.missing.join(", ")}.` : "",
          resolved.duplicated.length ? `Repeated columns: ${resolved.duplicated.join(", ")}.` : "",
        ]
          .filter(Boolean)
          .join(" "),
      },
      errors: [
        ...resolved.missing.map((c) => ({
          path: `line 1.${c}`,
          message: { vi: `Thiếu cột "${COLUMN_LABELS[c]}".`, en: `Column "${c}" is missing.` },
        })),
        ...resolved.duplicated.map((c) => ({
          path: `line 1.${c}`,
          message: { vi: `Cột "${COLUMN_LABELS[c]}" có hai lần.`, en: `Column "${c}" appears twice.` },
        })),
      ],
    });
  }
  // Staged rows of abandoned imports are not kept beyond a day.
  await db
    .deleteFrom("file_imports")
    .where("agency_id", "=", staff.agencyId)
    .where("status", "=", "staging")
    .where("created_at", "<", new Date(Date.now() - 86_400_000))
    .execute();
  const row = await db
    .insertInto("file_imports")
    .values({
      agency_id: staff.agencyId,
      columns: sql`${JSON.stringify(resolved.columns)}::text::jsonb`,
      ignored_columns: sql`${JSON.stringify(resolved.ignored)}::text::jsonb`,
      delimiter: resolved.delimiter,
      created_by: staff.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function findImport(db: Db, agencyId: string, id: string, lock = false) {
  let q = db.selectFrom("file_imports").where("agency_id", "=", agencyId).where("id", "=", id).selectAll();
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new ProblemError("not-found");
  return row;
}

function showError(lang: Lang, line: number, e: StoredImportError): ImportRowError {
  return { line, field: e.field, message: e[lang], messageEn: e.en };
}

/** Checks and stages one chunk of rows; returns this chunk's errors. */
export async function stageChunk(
  db: Db,
  staff: Staff,
  importId: string,
  chunk: { firstLine: number; csv: string },
  lang: Lang,
  now: Date,
): Promise<ImportChunkResult> {
  const agencyId = staff.agencyId;
  const imp = await findImport(db, agencyId, importId);
  if (imp.status !== "staging") throw closed();
  const [procedures, counters, agency, staged] = await Promise.all([
    listProcedures(db, agencyId),
    listCounters(db, agencyId),
    findAgency(db, agencyId),
    db
      .selectFrom("file_import_rows")
      .where("import_id", "=", importId)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  const office = officeHoursOf(agency?.settings);
  const lookups: ImportLookups = {
    procedures: new Map(
      procedures.map((p) => [
        p.national_code,
        {
          id: p.id,
          unitId: p.unit_id,
          active: p.active,
          time: { amount: Number(p.processing_time), unit: p.processing_time_unit },
        },
      ]),
    ),
    counters: new Map(counters.map((c) => [c.code, { id: c.id }])),
  };
  const lines = parseImportChunk(
    chunk.csv,
    chunk.firstLine,
    imp.delimiter,
    imp.columns as Array<ImportColumn | null>,
    lookups,
    office,
    now,
  );
  if (lines.length > 1000) {
    throw new ProblemError("payload-too-large", {
      detail: { vi: "Mỗi lần gửi tối đa 1.000 dòng.", en: "At most 1,000 rows per chunk." },
    });
  }
  if (Number(staged.n) + lines.length > IMPORT_MAX_ROWS) {
    throw new ProblemError("payload-too-large", {
      detail: {
        vi: `Tệp có quá ${IMPORT_MAX_ROWS.toLocaleString("vi-VN")} dòng; vui lòng chia nhỏ.`,
        en: `More than ${IMPORT_MAX_ROWS} rows; please split the file.`,
      },
    });
  }

  // The same code twice in the file: an error on the later line.
  const codes = lines.map((l) => l.code).filter((c): c is string => c !== null);
  const earlier = new Map<string, number>();
  if (codes.length > 0) {
    const rows = await db
      .selectFrom("file_import_rows")
      .where("import_id", "=", importId)
      .where("code", "in", codes)
      .where("data", "is not", null)
      .where(
        "line",
        "not in",
        lines.map((l) => l.line),
      )
      .select(["code", "line"])
      .execute();
    for (const r of rows) if (r.code && (earlier.get(r.code) ?? Infinity) > r.line) earlier.set(r.code, r.line);
  }
  for (const l of [...lines].sort((a, b) => a.line - b.line)) {
    if (!l.code) continue;
    const first = earlier.get(l.code);
    if (first !== undefined && first < l.line && l.row) {
      l.errors.push({
        field: "code",
        vi: `Mã hồ sơ ${l.code} đã có ở dòng ${first}.`,
        en: `File code ${l.code} already appears on line ${first}.`,
      });
      l.row = null;
    } else if (first === undefined && l.row) earlier.set(l.code, l.line);
  }

  // Appointments left out: computed from each procedure on the agency's calendar.
  const toCompute = lines.filter(
    (l): l is ParsedLine & { row: NonNullable<ParsedLine["row"]> } => !!l.row && !l.row.dueAt,
  );
  const dues = await computeDueMany(
    db,
    agencyId,
    office,
    toCompute.map((l) => ({ receivedAt: new Date(l.row.receivedAt), time: l.procedureTime! })),
  );
  toCompute.forEach((l, i) => {
    l.row.dueAt = dues[i]!.toISOString();
  });

  if (lines.length > 0) {
    await db
      .insertInto("file_import_rows")
      .values(
        lines.map((l) => ({
          agency_id: agencyId,
          import_id: importId,
          line: l.line,
          code: l.code,
          data: l.row ? sql`${JSON.stringify(l.row)}::text::jsonb` : null,
          errors: sql`${JSON.stringify(l.row ? [] : l.errors)}::text::jsonb`,
        })),
      )
      .onConflict((oc) => oc.columns(["import_id", "line"]).doNothing())
      .execute();
  }
  return {
    rows: lines.length,
    errors: lines.filter((l) => !l.row).flatMap((l) => l.errors.map((e) => showError(lang, l.line, e))),
  };
}

function closed(): ProblemError {
  return new ProblemError("import-closed");
}

/** What the staged rows would do: counts, every error (up to 1,000), the first rows. */
export async function importSummary(db: Db, agencyId: string, importId: string, lang: Lang): Promise<ImportSummary> {
  const imp = await findImport(db, agencyId, importId);
  const counts = await db
    .selectFrom("file_import_rows as r")
    .where("r.import_id", "=", importId)
    .where("r.agency_id", "=", agencyId)
    .select([
      sql<number>`count(*)::int`.as("rows"),
      sql<number>`(count(*) FILTER (WHERE r.data IS NOT NULL))::int`.as("valid"),
      sql<number>`(count(*) FILTER (WHERE r.data IS NOT NULL AND EXISTS (
        SELECT 1 FROM files f WHERE f.agency_id = r.agency_id AND f.code = r.code)))::int`.as("existing"),
    ])
    .executeTakeFirstOrThrow();
  const errorRows = await db
    .selectFrom("file_import_rows")
    .where("import_id", "=", importId)
    .where("data", "is", null)
    .select(["line", "errors"])
    .orderBy("line")
    .limit(1000)
    .execute();
  const sample = await db
    .selectFrom("file_import_rows as r")
    .where("r.import_id", "=", importId)
    .where("r.data", "is not", null)
    .select([
      "r.line",
      "r.data",
      sql<boolean>`EXISTS (SELECT 1 FROM files f WHERE f.agency_id = r.agency_id AND f.code = r.code)`.as("exists"),
    ])
    .orderBy("r.line")
    .limit(10)
    .execute();
  const errors: ImportRowError[] = [];
  for (const r of errorRows)
    for (const e of r.errors) if (errors.length < 1000) errors.push(showError(lang, r.line, e));
  return {
    id: imp.id,
    status: imp.status,
    columns: (imp.columns as Array<string | null>).filter((c): c is string => c !== null),
    ignoredColumns: imp.ignored_columns,
    rows: counts.rows,
    validRows: counts.valid,
    errorRows: counts.rows - counts.valid,
    newFiles: counts.valid - counts.existing,
    existingFiles: counts.existing,
    errors,
    sample: sample.map((s) => {
      const d = s.data as unknown as {
        code: string;
        procedureCode: string;
        receivedAt: string;
        dueAt: string;
        dueComputed: boolean;
        status: ImportSummary["sample"][number]["status"];
      };
      return {
        line: s.line,
        code: d.code,
        procedureCode: d.procedureCode,
        receivedAt: new Date(d.receivedAt).toISOString(),
        dueAt: new Date(d.dueAt).toISOString(),
        dueComputed: d.dueComputed,
        status: d.status,
        exists: s.exists,
      };
    }),
    createdFiles: imp.created_files,
  };
}

/**
 * Writes every staged row in one statement and one transaction, or nothing: refused with
 * `import-has-errors` (listing them) when any row is bad.
 */
export async function commitImport(db: Db, staff: Staff, importId: string, lang: Lang): Promise<ImportSummary> {
  const agencyId = staff.agencyId;
  await db.transaction().execute(async (trx) => {
    const imp = await findImport(trx, agencyId, importId, true);
    if (imp.status !== "staging") throw closed();
    const summary = await importSummary(trx, agencyId, importId, lang);
    if (summary.errorRows > 0) {
      throw new ProblemError("import-has-errors", {
        detail: {
          vi: `Có ${summary.errorRows} dòng lỗi; chưa nhập dòng nào. Sửa tệp rồi nhập lại.`,
          en: `${summary.errorRows} rows have errors; nothing was imported. Fix the file and import it again.`,
        },
        errors: summary.errors.slice(0, 200).map((e) => ({
          path: `line ${e.line}${e.field ? `.${e.field}` : ""}`,
          message: { vi: e.message, en: e.messageEn },
        })),
        extensions: { errorRows: summary.errorRows },
      });
    }
    if (summary.rows === 0) {
      throw new ProblemError("validation", {
        detail: { vi: "Tệp không có dòng dữ liệu nào.", en: "The file has no data rows." },
      });
    }
    const result = await sql<{ created: number; total: number }>`
      WITH src AS (
        SELECT r.line, r.data AS d FROM file_import_rows r
        WHERE r.agency_id = ${agencyId} AND r.import_id = ${importId} AND r.data IS NOT NULL
      ),
      ins AS (
        INSERT INTO files (agency_id, code, procedure_id, unit_id, counter_id, channel, status, received_at, due_at,
                           returned_at, applicant_name, applicant_address, applicant_phone, applicant_email)
        SELECT ${agencyId}, d->>'code', (d->>'procedureId')::uuid, (d->>'unitId')::uuid, (d->>'counterId')::uuid,
               d->>'channel', d->>'status', (d->>'receivedAt')::timestamptz, (d->>'dueAt')::timestamptz,
               (d->>'returnedAt')::timestamptz, d->>'applicantName', d->>'applicantAddress', d->>'applicantPhone',
               d->>'applicantEmail'
        FROM src ORDER BY line
        ON CONFLICT (agency_id, code) DO NOTHING
        RETURNING id, code
      ),
      sup AS (
        INSERT INTO file_supplements (agency_id, file_id, seq, requested_at, completed_at)
        SELECT ${agencyId}, ins.id, 1, (src.d->>'supplementRequestedAt')::timestamptz,
               (src.d->>'supplementCompletedAt')::timestamptz
        FROM ins JOIN src ON src.d->>'code' = ins.code
        WHERE src.d->>'supplementRequestedAt' IS NOT NULL
        RETURNING 1
      ),
      ev AS (
        INSERT INTO file_events (agency_id, file_id, kind, occurred_at, event_key, source, actor_id)
        SELECT ${agencyId}, ins.id, e.kind, e.at,
               CASE WHEN e.kind = 'received' THEN 'received' ELSE 'import:' || ${importId}::text END,
               'import', ${staff.id}::uuid
        FROM ins JOIN src ON src.d->>'code' = ins.code
        CROSS JOIN LATERAL (VALUES
          ('received', (src.d->>'receivedAt')::timestamptz),
          ('supplement_requested', (src.d->>'supplementRequestedAt')::timestamptz),
          ('supplement_completed', (src.d->>'supplementCompletedAt')::timestamptz),
          ('returned', (src.d->>'returnedAt')::timestamptz),
          ('stopped', (src.d->>'stoppedAt')::timestamptz)
        ) AS e(kind, at)
        WHERE e.at IS NOT NULL
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM ins)::int AS created, (SELECT count(*) FROM src)::int AS total,
             (SELECT count(*) FROM sup)::int AS supplements, (SELECT count(*) FROM ev)::int AS events`.execute(trx);
    const { created, total } = result.rows[0]!;
    await trx
      .updateTable("file_imports")
      .set({ status: "committed", committed_at: new Date(), created_files: created, existing_files: total - created })
      .where("agency_id", "=", agencyId)
      .where("id", "=", importId)
      .execute();
    await appendAudit(trx, {
      agencyId,
      ...auditActor(staff),
      action: "file.imported",
      subjectType: "file_import",
      subjectId: importId,
      details: { rows: total, created, existing: total - created },
    });
  });
  return importSummary(db, agencyId, importId, lang);
}
