import { exports } from "cloudflare:workers";
import { sql } from "kysely";
import type { FileRow, NewFile, ProcedureRow, StaffRole } from "../../../schema/db/database";
import type { Db } from "../../../worker/db";
import { newIntegrationKey } from "../../../worker/files/integration-keys";
import { BASE, createStaff, type StaffClient, signInAs } from "./accounts-factories";
import { createAgency, createCounter, createProcedure, createUnit, uniq } from "./factories";

/** The office hours and same-day cut-off every files test agency uses (the seed's). */
export const TEST_CALENDAR_SETTINGS = {
  calendar: {
    officeHours: {
      periods: [
        { start: "07:30", end: "11:30" },
        { start: "13:30", end: "17:00" },
      ],
      sameDayCutoff: "15:00",
      offHoursReceipt: "next_working_day",
    },
  },
};

/**
 * An agency with a one-stop unit (its counter) and a handling unit with a 5-working-day
 * procedure, and a signed-in staff member of `role` in the one-stop unit (who sees every file).
 */
export async function createFilesWorld(db: Db, role: StaffRole = "counter_officer") {
  const agency = await createAgency(db, {
    code: `H${uniq().toUpperCase()}`,
    address: "Số 35 Trần Hưng Đạo, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
  });
  // Sent as text and cast: postgres.js would encode a string bound to jsonb a second time.
  await db
    .updateTable("agencies")
    .set({ settings: sql<string>`${JSON.stringify(TEST_CALENDAR_SETTINGS)}::text::jsonb` })
    .where("id", "=", agency.id)
    .execute();
  const oneStop = await createUnit(db, agency.id, { name: "Bộ phận Một cửa", kind: "one_stop" });
  const unit = await createUnit(db, agency.id, {
    name: "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    kind: "sub_department",
  });
  const counter = await createCounter(db, agency.id, oneStop.id, { name: "Quầy số 1" });
  const procedure = await createProcedure(db, agency.id, unit.id, {
    name: "Thủ tục đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá",
    processing_time: 5,
    processing_time_unit: "working_days",
  });
  const user = await createStaff(db, agency.id, { role, unitIds: [oneStop.id], fullName: "Trần Thị Một Cửa" });
  const client = await signInAs(user);
  return { agency, oneStop, unit, counter, procedure, user, client };
}

/** A procedure with the given processing time in the agency. */
export function createTimedProcedure(
  db: Db,
  agencyId: string,
  unitId: string,
  processingTime: number,
  unit: ProcedureRow["processing_time_unit"],
) {
  return createProcedure(db, agencyId, unitId, { processing_time: processingTime, processing_time_unit: unit });
}

/** A file written straight to the table (no rules applied): for setting up a situation. */
export async function createFile(
  db: Db,
  world: { agency: { id: string }; procedure: { id: string; unit_id: string } },
  over: Partial<NewFile> & { received_at: Date; due_at: Date },
): Promise<FileRow> {
  return db
    .insertInto("files")
    .values({
      agency_id: world.agency.id,
      code: `${uniq().toUpperCase()}-261123-0001`,
      procedure_id: world.procedure.id,
      unit_id: world.procedure.unit_id,
      channel: "counter",
      applicant_name: "Nguyễn Thị Ánh Tuyết",
      applicant_address: "12 Phan Đình Phùng, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An API key of the one-stop software for the agency; returns the key itself. */
export async function createIntegrationKey(db: Db, agencyId: string, name = "Phần mềm một cửa tỉnh") {
  const { key, prefix, hash } = await newIntegrationKey();
  const row = await db
    .insertInto("integration_keys")
    .values({ agency_id: agencyId, name, key_prefix: prefix, key_hash: hash })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, key };
}

/** A request of the one-stop software with its key. */
export function integrationFetch(key: string, path: string, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  return exports.default.fetch(`${BASE}/api/integration/files${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

/** Saves the agency's file settings directly. */
export async function setFileSettings(
  db: Db,
  agencyId: string,
  over: Partial<{
    letter_form: "tt01_2018" | "tt03_2025";
    second_supplement: "refuse" | "record_late";
    alert_working_days: number;
    parent_agency_name: string | null;
    letter_place: string | null;
    signer_title: string | null;
    signer_name: string | null;
  }>,
) {
  await db
    .insertInto("file_settings")
    .values({ agency_id: agencyId, ...over })
    .onConflict((oc) => oc.column("agency_id").doUpdateSet(over))
    .execute();
}

/** Staff of another role in the same agency and units, signed in. */
export async function anotherStaff(db: Db, agencyId: string, role: StaffRole, unitIds: string[]): Promise<StaffClient> {
  return signInAs(await createStaff(db, agencyId, { role, unitIds }));
}

/**
 * Rows of the files feature for the cross-agency isolation test (createTenancyWorld): an
 * apology letter on the world's file (so GET /files/:id/apology-letter answers 200) and a CSV
 * import. Returns the ids to add to the world's.
 */
export async function addFilesTenancyRows(db: Db, agencyId: string, fileId: string): Promise<string[]> {
  const file = await db
    .selectFrom("files")
    .where("agency_id", "=", agencyId)
    .where("id", "=", fileId)
    .selectAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto("apology_letters")
    .values({
      agency_id: agencyId,
      file_id: file.id,
      form: "tt03_2025",
      year: 2026,
      number: 1,
      number_suffix: "PXL",
      place: "Lâm Đồng",
      agency_name: "Sở Khoa học và Công nghệ (thử nghiệm)",
      addressee_name: "Nguyễn Văn Thử",
      file_code: file.code,
      procedure_name: "Thủ tục thử nghiệm",
      received_at: file.received_at,
      original_due_at: file.due_at,
      reason: "Hồ sơ cần xác minh thêm thông tin.",
      new_due_at: new Date(file.due_at.getTime() + 5 * 86_400_000),
      signer_title: "GIÁM ĐỐC",
    })
    .execute();
  const imp = await db
    .insertInto("file_imports")
    .values({
      agency_id: agencyId,
      columns: sql`${JSON.stringify(["code", "procedureCode", "receivedAt"])}::text::jsonb`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return [imp.id];
}
