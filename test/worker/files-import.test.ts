import { beforeAll, describe, expect, it } from "vitest";
import { ImportChunkResultSchema, ImportSummarySchema } from "../../schema/api/files";
import { ProblemSchema } from "../../schema/api/problem";
import type { StaffClient } from "./support/accounts-factories";
import { seedNationalCalendar } from "./support/calendar-factories";
import { createFilesWorld } from "./support/files-factories";
import { testDb } from "./support/worker-env";

beforeAll(async () => {
  await seedNationalCalendar(testDb());
});

const HEADER =
  "STT;Mã hồ sơ;Mã thủ tục;Ngày tiếp nhận;Ngày hẹn trả;Kênh;Ngày yêu cầu bổ sung;Ngày bổ sung xong;Ngày trả kết quả;Người nộp";

/** The whole browser flow: create, send the rows in chunks, read the preview. */
async function stage(client: StaffClient, rows: string[], chunkRows = 1000) {
  const created = await client.post("/api/staff/files/imports", { header: HEADER });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = ImportSummarySchema.parse(await created.json());
  for (let i = 0; i < rows.length; i += chunkRows) {
    const res = await client.post(`/api/staff/files/imports/${id}/chunks`, {
      firstLine: 2 + i,
      csv: rows.slice(i, i + chunkRows).join("\r\n"),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    ImportChunkResultSchema.parse(await res.json());
  }
  const preview = ImportSummarySchema.parse(await (await client.get(`/api/staff/files/imports/${id}`)).json());
  return { id, preview };
}

describe("CSV import of files", () => {
  it("reports every bad row with its line and reason, and writes nothing at all", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const p = w.procedure.national_code;
    const rows = [
      `1;${w.agency.code}-261102-0001;${p};02/11/2026 08:00;;Trực tiếp;;;05/11/2026 10:00;Nguyễn Văn An`,
      `2;${w.agency.code}-261102-0002;9.999999;02/11/2026 08:10;;Trực tiếp;;;;Trần Thị Bình`,
      `3;${w.agency.code}-261102-0003;${p};31/02/2026;;Trực tiếp;;;;Lê Văn Cường`,
      `4;${w.agency.code}-261102-0004;${p};02/11/2026 08:30;;bồ câu;;;;Phạm Thị Dung`,
      `5;${w.agency.code}-261102-0001;${p};02/11/2026 08:40;;Trực tuyến;;;;Hoàng Văn Em`,
      `6;${w.agency.code}-261102-0006;${p};02/11/2026 08:50;;;04/11/2026;03/11/2026;;Đỗ Thị Phương`,
    ];
    const { id, preview } = await stage(w.client, rows);
    expect(preview).toMatchObject({ rows: 6, validRows: 1, errorRows: 5, newFiles: 1 });
    expect(preview.errors.map((e) => [e.line, e.field])).toEqual([
      [3, "procedureCode"],
      [4, "receivedAt"],
      [5, "channel"],
      [6, "code"],
      [7, "supplementCompletedAt"],
    ]);
    expect(preview.errors[3]?.message).toBe(`Mã hồ sơ ${w.agency.code}-261102-0001 đã có ở dòng 2.`);
    expect(preview.errors[0]?.message).toContain("9.999999");

    const commit = await w.client.post(`/api/staff/files/imports/${id}/commit`);
    expect(commit.status).toBe(422);
    const problem = ProblemSchema.parse(await commit.json());
    expect(problem.type).toBe("/api/problems/import-has-errors");
    expect(problem.errors?.map((e) => e.path)).toContain("line 3.procedureCode");
    expect(await db.selectFrom("files").where("agency_id", "=", w.agency.id).select("id").execute()).toEqual([]);
    expect(await db.selectFrom("file_events").where("agency_id", "=", w.agency.id).select("id").execute()).toEqual([]);
  });

  it("refuses a header without the required columns, naming them", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const res = await w.client.post("/api/staff/files/imports", { header: "Mã hồ sơ,Người nộp" });
    expect(res.status).toBe(422);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.detail).toContain("Mã thủ tục");
    expect(problem.detail).toContain("Ngày tiếp nhận");
  });

  it("writes good rows with their computed appointments, supplements and events, once", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const p = w.procedure.national_code;
    const rows = [
      `1;${w.agency.code}-261112-0001;${p};12/02/2026 10:00;;Trực tiếp;;;24/02/2026 09:00;Nguyễn Văn An`,
      `2;${w.agency.code}-261112-0002;${p};02/11/2026 08:10;09/11/2026 17:00;Trực tuyến;03/11/2026 09:00;05/11/2026 09:00;10/11/2026 10:00;"Công ty CP Rau hoa Đà Lạt; chi nhánh 2"`,
    ];
    // Chunks sent twice (a retry) are staged once.
    const created = await w.client.post("/api/staff/files/imports", { header: HEADER });
    const { id } = ImportSummarySchema.parse(await created.json());
    for (let i = 0; i < 2; i++) {
      const res = await w.client.post(`/api/staff/files/imports/${id}/chunks`, { firstLine: 2, csv: rows.join("\n") });
      expect(res.status).toBe(200);
    }
    const preview = ImportSummarySchema.parse(await (await w.client.get(`/api/staff/files/imports/${id}`)).json());
    expect(preview).toMatchObject({ rows: 2, validRows: 2, errorRows: 0, newFiles: 2, existingFiles: 0 });
    // 5 working days from Thursday 12/02/2026, over the Tết Bính Ngọ break.
    expect(preview.sample[0]).toMatchObject({
      dueAt: new Date("2026-02-26T17:00:00+07:00").toISOString(),
      dueComputed: true,
    });

    const res = await w.client.post(`/api/staff/files/imports/${id}/commit`);
    expect(res.status).toBe(200);
    expect(ImportSummarySchema.parse(await res.json())).toMatchObject({ status: "committed", createdFiles: 2 });
    const files = await db
      .selectFrom("files")
      .where("agency_id", "=", w.agency.id)
      .select(["id", "code", "status", "channel", "applicant_name"])
      .orderBy("code")
      .execute();
    expect(files.map((f) => [f.status, f.channel])).toEqual([
      ["returned", "counter"],
      ["returned", "online"],
    ]);
    expect(files[1]?.applicant_name).toBe("Công ty CP Rau hoa Đà Lạt; chi nhánh 2");
    const events = await db.selectFrom("file_events").where("file_id", "=", files[1]!.id).select("kind").execute();
    expect(events.map((e) => e.kind).sort()).toEqual([
      "received",
      "returned",
      "supplement_completed",
      "supplement_requested",
    ]);
    expect(await db.selectFrom("file_supplements").where("file_id", "=", files[1]!.id).select("seq").execute()).toEqual(
      [{ seq: 1 }],
    );
    const again = await w.client.post(`/api/staff/files/imports/${id}/commit`);
    expect(again.status).toBe(409);
    expect(ProblemSchema.parse(await again.json()).type).toBe("/api/problems/import-closed");

    // The same file imported again: the files exist already and are left as they are.
    const second = await stage(w.client, rows);
    expect(second.preview).toMatchObject({ validRows: 2, newFiles: 0, existingFiles: 2 });
    const committed = ImportSummarySchema.parse(
      await (await w.client.post(`/api/staff/files/imports/${second.id}/commit`)).json(),
    );
    expect(committed.createdFiles).toBe(0);
  });

  it("imports a large file sent in chunks, all in one transaction", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const p = w.procedure.national_code;
    const n = 5000;
    const rows = Array.from({ length: n }, (_, i) => {
      const day = 2 + (i % 19);
      const seq = String(i + 1).padStart(5, "0");
      const date = `${String(day).padStart(2, "0")}/11/2026`;
      return `${i + 1};${w.agency.code}-2611${String(day).padStart(2, "0")}-${seq};${p};${date} 09:${String(i % 60).padStart(2, "0")};;Trực tuyến;;;;Người nộp số ${i + 1}`;
    });
    const started = Date.now();
    const { id, preview } = await stage(w.client, rows, 1000);
    expect(preview).toMatchObject({ rows: n, validRows: n, errorRows: 0, newFiles: n });
    const res = await w.client.post(`/api/staff/files/imports/${id}/commit`);
    expect(res.status).toBe(200);
    expect(ImportSummarySchema.parse(await res.json()).createdFiles).toBe(n);
    const count = await db
      .selectFrom("files")
      .where("agency_id", "=", w.agency.id)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(n);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
