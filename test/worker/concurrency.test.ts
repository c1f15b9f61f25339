/**
 * Concurrency: the same request sent at the same moment by two people (or twice by one
 * impatient client). Each request goes through the worker's own fetch handler, so each has its
 * own database connection and the transactions really overlap. Nothing is written twice, and
 * when two staff act on the same case or file one wins and the other is told (409) what the
 * record looks like now, so that no update is silently lost.
 */

import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ProcedureImportResultSchema } from "../../schema/api/admin";
import { ImportSummarySchema } from "../../schema/api/files";
import { type Problem, ProblemSchema } from "../../schema/api/problem";
import { SubmissionReceiptSchema } from "../../schema/api/ratings";
import { type StaffClient, staffSession } from "./support/accounts-factories";
import { seedNationalCalendar } from "./support/calendar-factories";
import { createCasesWorld, fileCase, intakeBody } from "./support/cases-factories";
import { createUnit } from "./support/factories";
import { anotherStaff, createFile, createFilesWorld, setFileSettings } from "./support/files-factories";
import { API, createRatingWorld, quickBody } from "./support/ratings-factories";
import { testDb } from "./support/worker-env";

/** Local Vietnam time written without an offset, as an instant. */
function vn(local: string): Date {
  return new Date(`${local}:00+07:00`);
}

async function problemOf(res: Response): Promise<Problem & Record<string, unknown>> {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  return { ...body, ...ProblemSchema.parse(body) };
}

function statuses(responses: Response[]): number[] {
  return responses.map((r) => r.status).sort();
}

describe("the same idempotency key sent in parallel", () => {
  it("stores one submission and answers every copy with the same receipt", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = JSON.stringify(quickBody(world));
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        exports.default.fetch(`${API}/submissions`, {
          method: "POST",
          headers: { "content-type": "application/json", "cf-connecting-ip": "10.9.8.7", "user-agent": "vitest" },
          body,
        }),
      ),
    );
    expect(statuses(responses).filter((s) => s === 201)).toHaveLength(1);
    expect(statuses(responses).every((s) => s === 200 || s === 201)).toBe(true);
    const receipts = await Promise.all(responses.map(async (r) => SubmissionReceiptSchema.parse(await r.json())));
    expect(new Set(receipts.map((r) => r.id)).size).toBe(1);
    const rows = await db
      .selectFrom("submissions")
      .where("agency_id", "=", world.agency.id)
      .where("idempotency_key", "=", JSON.parse(body).idempotencyKey)
      .select("id")
      .execute();
    expect(rows).toEqual([{ id: receipts[0]?.id }]);
    // The answers of the one submission, once each (the key is submission + criterion).
    const answers = await db
      .selectFrom("answers")
      .where("submission_id", "=", rows[0]?.id as string)
      .select("criterion_id")
      .execute();
    expect(answers.length).toBe(JSON.parse(body).answers.length);
  });
});

describe("the same CSV imported twice at once", () => {
  const PROCEDURES = [
    "Mã thủ tục,Tên thủ tục,Lĩnh vực,Thời hạn giải quyết,Đơn vị tính,Mã đơn vị xử lý",
    "1.000894,Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ,Hoạt động khoa học và công nghệ,15,ngày làm việc,QLCN",
    "1.000948.H38,Cấp giấy phép tiến hành công việc bức xạ,An toàn bức xạ và hạt nhân,7,ngày làm việc,QLCN",
    "2.001234,Tiếp nhận hồ sơ đăng ký kết quả thực hiện nhiệm vụ,Hoạt động khoa học và công nghệ,,trong ngày,VP",
  ].join("\r\n");

  function postCsv(client: StaffClient, csv: string) {
    return client.fetch("/api/admin/procedures/import", {
      method: "POST",
      body: csv,
      headers: { "content-type": "text/csv; charset=utf-8" },
    });
  }

  it("creates each procedure once (procedures, by two admins)", async () => {
    const db = testDb();
    const first = await staffSession(db, "admin");
    await createUnit(db, first.agency.id, { code: "VP", name: "Văn phòng Sở" });
    await createUnit(db, first.agency.id, { code: "QLCN", name: "Phòng Quản lý công nghệ", kind: "division" });
    const second = await anotherStaff(db, first.agency.id, "admin", [first.unit.id]);

    const responses = await Promise.all([postCsv(first.client, PROCEDURES), postCsv(second, PROCEDURES)]);
    for (const res of responses) {
      if (res.status === 409) expect((await problemOf(res)).type).toBe("/api/problems/conflict");
      else {
        expect(res.status, await res.clone().text()).toBe(200);
        ProcedureImportResultSchema.parse(await res.json());
      }
    }
    expect(responses.some((r) => r.status === 200)).toBe(true);
    const rows = await db
      .selectFrom("procedures")
      .where("agency_id", "=", first.agency.id)
      .select("national_code")
      .orderBy("national_code")
      .execute();
    expect(rows.map((r) => r.national_code)).toEqual(["1.000894", "1.000948.H38", "2.001234"]);
  });

  const FILES_HEADER = "STT;Mã hồ sơ;Mã thủ tục;Ngày tiếp nhận;Ngày hẹn trả;Kênh;Ngày trả kết quả;Người nộp";

  async function stage(client: StaffClient, rows: string[]): Promise<string> {
    const created = await client.post("/api/staff/files/imports", { header: FILES_HEADER });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = ImportSummarySchema.parse(await created.json());
    const chunk = await client.post(`/api/staff/files/imports/${id}/chunks`, { firstLine: 2, csv: rows.join("\r\n") });
    expect(chunk.status, await chunk.clone().text()).toBe(200);
    return id;
  }

  it("creates each file once (files, two imports of one CSV committed together)", async () => {
    const db = testDb();
    await seedNationalCalendar(db);
    const w = await createFilesWorld(db);
    const other = await anotherStaff(db, w.agency.id, "counter_officer", [w.oneStop.id]);
    const p = w.procedure.national_code;
    const rows = [
      `1;${w.agency.code}-261102-0001;${p};02/11/2026 08:00;;Trực tiếp;05/11/2026 10:00;Nguyễn Văn An`,
      `2;${w.agency.code}-261102-0002;${p};02/11/2026 08:10;;Trực tuyến;;Trần Thị Bình`,
      `3;${w.agency.code}-261102-0003;${p};02/11/2026 08:20;;Trực tiếp;;Lê Văn Cường`,
    ];
    const [a, b] = await Promise.all([stage(w.client, rows), stage(other, rows)]);
    const responses = await Promise.all([
      w.client.post(`/api/staff/files/imports/${a}/commit`),
      other.post(`/api/staff/files/imports/${b}/commit`),
    ]);
    let created = 0;
    for (const res of responses) {
      if (res.status === 409) expect((await problemOf(res)).type).toBe("/api/problems/conflict");
      else {
        expect(res.status, await res.clone().text()).toBe(200);
        created += ImportSummarySchema.parse(await res.json()).createdFiles ?? 0;
      }
    }
    expect(created).toBe(3);
    const files = await db.selectFrom("files").where("agency_id", "=", w.agency.id).select("code").execute();
    expect(files.map((f) => f.code).sort()).toEqual(rows.map((r) => r.split(";")[1]).sort());
    const received = await db
      .selectFrom("file_events")
      .where("agency_id", "=", w.agency.id)
      .where("kind", "=", "received")
      .select("file_id")
      .execute();
    expect(received).toHaveLength(3);
  });

  it("commits one staged import once when its commit is sent twice at once", async () => {
    const db = testDb();
    await seedNationalCalendar(db);
    const w = await createFilesWorld(db);
    const p = w.procedure.national_code;
    const id = await stage(w.client, [
      `1;${w.agency.code}-261102-0009;${p};02/11/2026 08:00;;Trực tiếp;;Nguyễn Văn An`,
    ]);
    const responses = await Promise.all([
      w.client.post(`/api/staff/files/imports/${id}/commit`),
      w.client.post(`/api/staff/files/imports/${id}/commit`),
    ]);
    expect(statuses(responses)).toEqual([200, 409]);
    const refused = responses.find((r) => r.status === 409) as Response;
    expect((await problemOf(refused)).type).toBe("/api/problems/import-closed");
    expect(await db.selectFrom("files").where("agency_id", "=", w.agency.id).select("id").execute()).toHaveLength(1);
  });
});

describe("two staff acting on the same case at once", () => {
  it("lets one accept the case and tells the other, with the case's current status", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const filed = await fileCase(db, intakeBody(world, "petition"));
    const [manager, admin] = [await world.as("manager"), await world.as("admin")];
    const responses = await Promise.all([
      manager.post(`/api/staff/cases/${filed.id}/transitions`, { action: "accept" }),
      admin.post(`/api/staff/cases/${filed.id}/transitions`, { action: "accept" }),
    ]);
    expect(statuses(responses)).toEqual([200, 409]);
    const problem = await problemOf(responses.find((r) => r.status === 409) as Response);
    expect(problem.type).toBe("/api/problems/illegal-transition");
    const row = await db.selectFrom("cases").where("id", "=", filed.id).select("status").executeTakeFirstOrThrow();
    expect(problem.currentStatus).toBe(row.status);
    // The timeline shows one acceptance, by whoever won.
    const accepted = await db
      .selectFrom("case_events")
      .where("case_id", "=", filed.id)
      .where("action", "=", "accept")
      .select("actor_id")
      .execute();
    expect(accepted).toHaveLength(1);
  });
});

describe("two staff acting on the same file at once", () => {
  async function openFile() {
    const db = testDb();
    await seedNationalCalendar(db);
    const w = await createFilesWorld(db);
    await setFileSettings(db, w.agency.id, { signer_title: "GIÁM ĐỐC", signer_name: "Nguyễn Văn Thành" });
    const other = await anotherStaff(db, w.agency.id, "counter_officer", [w.oneStop.id]);
    const file = await createFile(db, w, {
      received_at: vn("2026-11-02T08:15"),
      due_at: vn("2026-11-09T17:00"),
      status: "in_progress",
    });
    return { db, w, other, file };
  }

  it("records one supplement request; the other is told the file already waits for the citizen", async () => {
    const { db, w, other, file } = await openFile();
    const responses = await Promise.all([
      w.client.post(`/api/staff/files/${file.id}/events`, {
        kind: "supplement_requested",
        occurredAt: vn("2026-11-03T09:00").toISOString(),
        note: "Thiếu bản sao Giấy chứng nhận đăng ký doanh nghiệp.",
      }),
      other.post(`/api/staff/files/${file.id}/events`, {
        kind: "supplement_requested",
        occurredAt: vn("2026-11-03T09:05").toISOString(),
        note: "Thiếu tờ khai.",
      }),
    ]);
    expect(statuses(responses)).toEqual([201, 409]);
    const problem = await problemOf(responses.find((r) => r.status === 409) as Response);
    expect(["/api/problems/file-transition", "/api/problems/second-supplement"]).toContain(problem.type);
    expect(problem.current).toEqual({ status: "supplement_requested" });
    const supplements = await db.selectFrom("file_supplements").where("file_id", "=", file.id).select("seq").execute();
    expect(supplements).toEqual([{ seq: 1 }]);
    const asked = await db
      .selectFrom("file_events")
      .where("file_id", "=", file.id)
      .where("kind", "=", "supplement_requested")
      .select("id")
      .execute();
    expect(asked).toHaveLength(1);
  });

  it("issues one apology letter; the other is told the file already has one, with its number", async () => {
    const { db, w, other, file } = await openFile();
    const body = (reason: string, at: string) => ({ reason, newDueAt: vn(at).toISOString() });
    const responses = await Promise.all([
      w.client.post(
        `/api/staff/files/${file.id}/apology-letter`,
        body("Chờ kết quả kiểm nghiệm mẫu.", "2026-11-27T17:00"),
      ),
      other.post(`/api/staff/files/${file.id}/apology-letter`, body("Cần xác minh thêm.", "2026-12-04T17:00")),
    ]);
    expect(statuses(responses)).toEqual([201, 409]);
    const problem = await problemOf(responses.find((r) => r.status === 409) as Response);
    expect(problem.type).toBe("/api/problems/reappointment-once");
    const letters = await db
      .selectFrom("apology_letters")
      .where("file_id", "=", file.id)
      .select(["number", "new_due_at"])
      .execute();
    expect(letters).toHaveLength(1);
    expect(problem.current).toMatchObject({
      apologyLetter: { number: expect.stringContaining(String(letters[0]?.number)) },
    });
  });
});

describe("many audited changes at once", () => {
  it("keeps the agency's audit chain unbroken: one head, no fork, every change once", async () => {
    const db = testDb();
    const { agency, client } = await staffSession(db, "admin");
    const others = await Promise.all(Array.from({ length: 3 }, () => anotherStaff(db, agency.id, "admin", [])));
    const admins = [client, ...others];
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (admins[i % admins.length] as StaffClient).post("/api/admin/units", {
          code: `DV${i}`,
          name: `Phòng thử nghiệm số ${i}`,
          kind: "division",
        }),
      ),
    );
    for (const res of responses) expect(res.status, await res.clone().text()).toBe(201);
    const verify = await client.get("/api/admin/audit/verify");
    expect(verify.status).toBe(200);
    const verdict = (await verify.json()) as { ok: boolean; checked: number };
    expect(verdict.ok).toBe(true);
    const seqs = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", agency.id)
      .select("seq")
      .orderBy("seq")
      .execute();
    expect(seqs.map((r) => Number(r.seq))).toEqual(seqs.map((_, i) => i + 1));
    expect(verdict.checked).toBe(seqs.length);
  });
});
