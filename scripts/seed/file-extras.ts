/**
 * What the files feature adds to the demo agency, once, after `seedDemo`:
 * - the agency's file settings (TT 03/2025 letter form, header, signer, second supplement refused);
 * - the events of every seeded file (received, returned, stopped), and an open supplement
 *   request for the files the seed left waiting for the citizen, so that timelines and the
 *   QĐ 766 figures read the same data the product writes;
 * - apology letters for most late files (numbered per year; a few are left without one, so
 *   the "late without a letter" alert has something to show);
 * - an API key for the one-stop software, returned in clear to be printed once.
 *
 *   const extras = await seedFileExtras(db);           // after seedDemo(db)
 *   if (extras.integrationKey) console.log(extras.integrationKey);
 *
 * Idempotent: when the agency already has file settings, nothing is written. Deterministic
 * except the API key (a secret is never fixed in code). Node only (uses Kysely and WebCrypto).
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../schema/db/database";
import { newIntegrationKey } from "../../worker/files/integration-keys";
import { DEMO_AGENCY_CODE, DEMO_SETTINGS } from "./demo-agency";

export interface FileExtrasResult {
  created: boolean;
  letters: number;
  events: number;
  /** The one-stop software's API key of the demo (shown once; only its hash is stored). */
  integrationKey: string | null;
}

const REASONS = [
  "Hồ sơ cần lấy ý kiến thẩm định của cơ quan chuyên môn; đến nay chưa nhận được văn bản trả lời.",
  "Cần kiểm tra thực tế tại cơ sở trước khi cấp giấy chứng nhận.",
  "Kết quả thử nghiệm mẫu chưa có do phòng thử nghiệm quá tải.",
  "Hệ thống phần mềm một cửa gặp sự cố trong thời gian giải quyết hồ sơ.",
  "Lãnh đạo phụ trách đi công tác, chưa ký được kết quả giải quyết.",
] as const;

const DAY_MS = 86_400_000;

/** Applies the extras to the agency `agencyCode` (the demo's by default). */
export async function seedFileExtras(
  db: Kysely<Database>,
  agencyCode: string = DEMO_AGENCY_CODE,
  options: { now?: Date } = {},
): Promise<FileExtrasResult> {
  const now = options.now ?? new Date();
  const agency = await db.selectFrom("agencies").where("code", "=", agencyCode).select(["id"]).executeTakeFirst();
  if (!agency) throw new Error(`no agency with code ${agencyCode}: run seedDemo first`);
  const existing = await db
    .selectFrom("file_settings")
    .where("agency_id", "=", agency.id)
    .select("agency_id")
    .executeTakeFirst();
  if (existing) return { created: false, letters: 0, events: 0, integrationKey: null };
  const director = DEMO_SETTINGS.leaders[0];
  const key = await newIntegrationKey();

  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("file_settings")
      .values({
        agency_id: agency.id,
        letter_form: "tt03_2025",
        second_supplement: "refuse",
        parent_agency_name: "UBND tỉnh Lâm Đồng",
        letter_place: "Lâm Đồng",
        signer_title: "GIÁM ĐỐC",
        signer_name: director.name,
      })
      .execute();

    // Events of the seeded files: received, returned, stopped (the seed wrote no event).
    const events = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO file_events (agency_id, file_id, kind, occurred_at, event_key, source)
        SELECT f.agency_id, f.id, e.kind, e.at, CASE WHEN e.kind = 'received' THEN 'received' ELSE 'seed' END, 'import'
        FROM files f
        CROSS JOIN LATERAL (VALUES
          ('received', f.received_at),
          ('returned', f.returned_at),
          ('stopped', CASE WHEN f.status = 'stopped' THEN f.updated_at END)
        ) AS e(kind, at)
        WHERE f.agency_id = ${agency.id} AND e.at IS NOT NULL
        ON CONFLICT ON CONSTRAINT file_events_idempotent DO NOTHING
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM ins`.execute(trx);

    // Files left waiting for the citizen: their open supplement request, made a day after receipt.
    await sql`
      WITH waiting AS (
        SELECT f.agency_id, f.id, least(f.received_at + interval '1 day', ${now}::timestamptz) AS at
        FROM files f
        WHERE f.agency_id = ${agency.id} AND f.status = 'supplement_requested'
      ),
      sup AS (
        INSERT INTO file_supplements (agency_id, file_id, seq, requested_at, reason)
        SELECT agency_id, id, 1, at, 'Bổ sung bản sao chứng thực giấy tờ pháp lý của tổ chức.' FROM waiting
        ON CONFLICT DO NOTHING
      )
      INSERT INTO file_events (agency_id, file_id, kind, occurred_at, event_key, source)
      SELECT agency_id, id, 'supplement_requested', at, 'seed', 'import' FROM waiting
      ON CONFLICT ON CONSTRAINT file_events_idempotent DO NOTHING`.execute(trx);

    // Apology letters for late files (returned after the appointment, or still open past it),
    // issued the working day before the appointment; every fifth late file has none yet.
    const late = await trx
      .selectFrom("files as f")
      .innerJoin("procedures as p", (j) =>
        j.onRef("p.agency_id", "=", "f.agency_id").onRef("p.id", "=", "f.procedure_id"),
      )
      .innerJoin("agencies as a", "a.id", "f.agency_id")
      .where("f.agency_id", "=", agency.id)
      .where((eb) =>
        eb.or([
          eb("f.returned_at", ">", eb.ref("f.due_at")),
          eb.and([eb("f.status", "not in", ["returned", "stopped"]), eb("f.due_at", "<", now)]),
        ]),
      )
      .select([
        "f.id",
        "f.code",
        "f.received_at",
        "f.due_at",
        "f.applicant_name",
        "f.applicant_address",
        "p.name as procedure_name",
        "a.name as agency_name",
      ])
      .orderBy("f.due_at")
      .orderBy("f.code")
      .execute();
    const numbers = new Map<number, number>();
    let letters = 0;
    for (const [i, f] of late.entries()) {
      if (i % 5 === 4) continue;
      const issuedAt = new Date(Math.max(f.received_at.getTime(), f.due_at.getTime() - DAY_MS));
      if (issuedAt > now) continue;
      const year = new Date(issuedAt.getTime() + 7 * 3_600_000).getUTCFullYear();
      const number = (numbers.get(year) ?? 0) + 1;
      numbers.set(year, number);
      await trx
        .insertInto("apology_letters")
        .values({
          agency_id: agency.id,
          file_id: f.id,
          form: "tt03_2025",
          year,
          number,
          number_suffix: "PXL",
          issued_at: issuedAt,
          place: "Lâm Đồng",
          parent_agency_name: "UBND tỉnh Lâm Đồng",
          agency_name: f.agency_name,
          addressee_name: f.applicant_name ?? "Ông/Bà",
          addressee_address: f.applicant_address,
          file_code: f.code,
          procedure_name: f.procedure_name,
          received_at: f.received_at,
          original_due_at: f.due_at,
          reason: REASONS[i % REASONS.length]!,
          new_due_at: new Date(f.due_at.getTime() + 7 * DAY_MS),
          signer_title: "GIÁM ĐỐC",
          signer_name: director.name,
        })
        .execute();
      letters++;
    }
    for (const [year, last] of numbers) {
      await trx
        .insertInto("apology_letter_numbers")
        .values({ agency_id: agency.id, year, last_number: last })
        .execute();
    }

    await trx
      .insertInto("integration_keys")
      .values({
        agency_id: agency.id,
        name: "Hệ thống thông tin giải quyết TTHC tỉnh (demo)",
        key_prefix: key.prefix,
        key_hash: key.hash,
      })
      .execute();

    return { created: true, letters, events: events.rows[0]?.n ?? 0, integrationKey: key.key };
  });
}
