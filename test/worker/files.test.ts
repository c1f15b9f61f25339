import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AlertsSchema,
  ApologyLetterSchema,
  FileDetailSchema,
  FileEventResultSchema,
  FileListSchema,
  KpiSchema,
  ReturnSlipSchema,
} from "../../schema/api/files";
import { ProblemSchema } from "../../schema/api/problem";
import { loadCalendar } from "../../worker/calendar/calendar.service";
import { addDays, instantOf, localDateOf } from "../../worker/lib/calendar/dates";
import { createStaff, type StaffClient, signInAs } from "./support/accounts-factories";
import { seedNationalCalendar } from "./support/calendar-factories";
import { createUnit } from "./support/factories";
import {
  anotherStaff,
  createFile,
  createFilesWorld,
  createTimedProcedure,
  setFileSettings,
} from "./support/files-factories";
import { testDb } from "./support/worker-env";

/** An instant from a Vietnamese wall-clock time. */
const vn = (local: string) => new Date(`${local}:00+07:00`);
const iso = (local: string) => vn(local).toISOString();

beforeAll(async () => {
  await seedNationalCalendar(testDb());
});

async function problemOf(res: Response) {
  return ProblemSchema.parse(await res.json());
}

async function newFile(client: StaffClient, body: Record<string, unknown>) {
  const res = await client.post("/api/staff/files", body);
  expect(res.status, await res.clone().text()).toBe(201);
  return FileDetailSchema.parse(await res.json());
}

describe("entering a file at the counter", () => {
  it("computes the appointment from the procedure for each unit of time, across Tết, 30/4–1/5 and weekends", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const cases = [
      // [amount, unit, received (local), expected appointment (local)]
      [5, "working_days", "2026-02-12T10:00", "2026-02-26T17:00"], // over the Tết Bính Ngọ break 14–22/02
      [3, "working_days", "2026-04-28T08:00", "2026-05-05T17:00"], // over 30/4, 1/5 and the weekend
      [10, "calendar_days", "2026-04-20T09:00", "2026-05-04T17:00"], // ends on 30/4: rolled to Monday 04/05
      [4, "hours", "2026-04-24T16:00", "2026-04-28T10:30"], // weekend and the Giỗ Tổ compensatory Monday
      [0, "same_day", "2026-04-29T14:00", "2026-04-29T17:00"], // before 15:00: the same day
      [0, "same_day", "2026-04-29T15:30", "2026-05-04T17:00"], // after 15:00: next working day, after the break
      [2, "working_days", "2026-11-21T09:00", "2026-11-25T17:00"], // received on a Saturday
    ] as const;
    for (const [amount, unit, received, expected] of cases) {
      const procedure = await createTimedProcedure(db, w.agency.id, w.unit.id, amount, unit);
      const file = await newFile(w.client, {
        procedureId: procedure.id,
        receivedAt: iso(received),
        channel: "counter",
        counterId: w.counter.id,
        applicantName: "Lê Thị Hồng Nhung",
      });
      expect(file.dueAt, `${amount} ${unit} from ${received}`).toBe(iso(expected));
    }
  });

  it("generates the day's file code, records the receipt, and keeps the appointment it was given", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const first = await newFile(w.client, { procedureId: w.procedure.id, receivedAt: iso("2026-11-20T09:00") });
    const second = await newFile(w.client, {
      procedureId: w.procedure.id,
      receivedAt: iso("2026-11-20T09:05"),
      dueAt: iso("2026-11-30T17:00"),
    });
    expect(first.code).toBe(`${w.agency.code}-261120-0001`);
    expect(second.code).toBe(`${w.agency.code}-261120-0002`);
    expect(second.dueAt).toBe(iso("2026-11-30T17:00"));
    expect(first.events.map((e) => [e.kind, e.source])).toEqual([["received", "counter"]]);
    expect(first.events[0]?.actorName).toBe("Trần Thị Một Cửa");
    expect(first.procedure.processingTimeText.vi).toBe("5 ngày làm việc");
  });

  it("refuses a procedure of another agency, naming no row of it", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const other = await createFilesWorld(db);
    const res = await w.client.post("/api/staff/files", { procedureId: other.procedure.id });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).type).toBe("/api/problems/invalid-reference");
    expect(await db.selectFrom("files").where("agency_id", "=", w.agency.id).select("id").execute()).toEqual([]);
  });

  it("refuses a viewer, who may only read", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const viewer = await anotherStaff(db, w.agency.id, "viewer", [w.oneStop.id]);
    const res = await viewer.post("/api/staff/files", { procedureId: w.procedure.id });
    expect(res.status).toBe(403);
  });
});

describe("supplement requests: only once", () => {
  async function fileWithSupplement() {
    const db = testDb();
    const w = await createFilesWorld(db);
    const file = await newFile(w.client, { procedureId: w.procedure.id, receivedAt: iso("2026-11-02T08:00") });
    const ask = await w.client.post(`/api/staff/files/${file.id}/events`, {
      kind: "supplement_requested",
      occurredAt: iso("2026-11-03T09:00"),
      note: "Thiếu bản sao Giấy chứng nhận đăng ký doanh nghiệp.",
    });
    expect(ask.status).toBe(201);
    const done = await w.client.post(`/api/staff/files/${file.id}/events`, {
      kind: "supplement_completed",
      occurredAt: iso("2026-11-05T09:00"),
    });
    expect(done.status).toBe(201);
    const body = FileEventResultSchema.parse(await done.json());
    expect(body.file.status).toBe("in_progress");
    expect(body.file.timeliness.waitingMinutes).toBe(48 * 60);
    return { db, w, file };
  }

  it("refuses a second request with a clear problem and writes nothing", async () => {
    const { db, w, file } = await fileWithSupplement();
    const res = await w.client.post(`/api/staff/files/${file.id}/events`, {
      kind: "supplement_requested",
      occurredAt: iso("2026-11-06T09:00"),
    });
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.type).toBe("/api/problems/second-supplement");
    expect(problem.detail).toContain("chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần");
    expect(problem.detail).toContain("03/11/2026");
    expect(await db.selectFrom("file_supplements").where("file_id", "=", file.id).select("seq").execute()).toEqual([
      { seq: 1 },
    ]);
    const kinds = await db.selectFrom("file_events").where("file_id", "=", file.id).select("kind").execute();
    expect(kinds.filter((k) => k.kind === "supplement_requested")).toHaveLength(1);
  });

  it("records a second request as late when the agency chose to, as QĐ 766 counts it", async () => {
    const { db, w, file } = await fileWithSupplement();
    await setFileSettings(db, w.agency.id, { second_supplement: "record_late" });
    const res = await w.client.post(`/api/staff/files/${file.id}/events`, {
      kind: "supplement_requested",
      occurredAt: iso("2026-11-06T09:00"),
    });
    expect(res.status).toBe(201);
    const body = FileEventResultSchema.parse(await res.json());
    expect(body.file.timeliness).toMatchObject({
      outcome: "late",
      lateReason: "multiple_supplements",
      supplementCount: 2,
    });
    expect(body.file.supplements.map((s) => [s.seq, s.countsAsLate])).toEqual([
      [1, false],
      [2, true],
    ]);
    const audit = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", w.agency.id)
      .where("action", "=", "file.second_supplement_recorded")
      .select("subject_id")
      .execute();
    expect(audit).toEqual([{ subject_id: file.id }]);
  });

  it("refuses to complete a supplement that was never requested, and any event on a returned file", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const file = await newFile(w.client, { procedureId: w.procedure.id, receivedAt: iso("2026-11-02T08:00") });
    const res = await w.client.post(`/api/staff/files/${file.id}/events`, { kind: "supplement_completed" });
    expect(res.status).toBe(409);
    expect((await problemOf(res)).type).toBe("/api/problems/file-transition");
    expect((await w.client.post(`/api/staff/files/${file.id}/events`, { kind: "returned" })).status).toBe(201);
    const again = await w.client.post(`/api/staff/files/${file.id}/events`, { kind: "stopped" });
    expect(again.status).toBe(409);
  });
});

/** Local appointment instants around today, on the agency's real calendar. */
async function aroundToday(agencyId: string) {
  const now = new Date();
  const today = localDateOf(now);
  const calendar = await loadCalendar(testDb(), agencyId, addDays(today, -30), addDays(today, 60));
  const next = calendar.nextWorkingDay(today);
  const third = calendar.nextWorkingDay(calendar.nextWorkingDay(next));
  const close = (date: string) => instantOf({ date, minutes: 17 * 60 });
  return {
    now,
    /** Due at the close of the next working day: today is on or after its D−1. */
    dueNext: close(next),
    /** Due three working days on: its D−1 is still ahead. */
    dueLater: close(third),
  };
}

describe("the D−1 alert and late files", () => {
  it("flags an open file from the working day before its appointment, and an overdue one as needing a letter", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const { now, dueNext, dueLater } = await aroundToday(w.agency.id);
    const received = new Date(now.getTime() - 10 * 86_400_000);
    const soon = await createFile(db, w, { code: "SOON-0001", received_at: received, due_at: dueNext });
    const later = await createFile(db, w, { code: "LATER-0001", received_at: received, due_at: dueLater });
    const overdue = await createFile(db, w, {
      code: "OVERDUE-0001",
      received_at: received,
      due_at: new Date(now.getTime() - 3_600_000),
      status: "in_progress",
    });
    const returnedLate = await createFile(db, w, {
      code: "RETLATE-0001",
      received_at: received,
      due_at: new Date(now.getTime() - 5 * 86_400_000),
      returned_at: new Date(now.getTime() - 2 * 86_400_000),
      status: "returned",
    });
    const res = await w.client.get("/api/staff/files/alerts");
    expect(res.status).toBe(200);
    const alerts = AlertsSchema.parse(await res.json());
    expect(alerts.dueSoon.map((f) => f.code)).toEqual([soon.code]);
    expect(alerts.dueSoon[0]?.timeliness.dueSoon).toBe(true);
    expect(alerts.overdue.map((f) => f.code)).toEqual([overdue.code]);
    expect(alerts.withoutApology.map((f) => f.code).sort()).toEqual([overdue.code, returnedLate.code].sort());
    expect([...alerts.dueSoon, ...alerts.overdue].map((f) => f.code)).not.toContain(later.code);
  });
});

describe("apology letters (ND 118/2025 Điều 19 khoản 6)", () => {
  async function lateFile() {
    const db = testDb();
    const w = await createFilesWorld(db);
    await setFileSettings(db, w.agency.id, {
      parent_agency_name: "UBND TỈNH LÂM ĐỒNG",
      signer_title: "GIÁM ĐỐC",
      signer_name: "Nguyễn Văn Thành",
    });
    const file = await createFile(db, w, {
      code: `${w.agency.code}-261102-0007`,
      received_at: vn("2026-11-02T08:15"),
      due_at: vn("2026-11-09T17:00"),
      status: "in_progress",
      applicant_email: "tuyet.nguyen@example.com",
    });
    return { db, w, file };
  }

  it("is not needed for a file that is on time and not yet in its alert window", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const file = await createFile(db, w, {
      received_at: new Date(),
      due_at: new Date(Date.now() + 30 * 86_400_000),
    });
    const res = await w.client.post(`/api/staff/files/${file.id}/apology-letter`, {
      reason: "Cần thêm thời gian thẩm định.",
      newDueAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
    });
    expect(res.status).toBe(409);
    expect((await problemOf(res)).type).toBe("/api/problems/apology-not-needed");
    expect(await db.selectFrom("apology_letters").where("file_id", "=", file.id).selectAll().execute()).toEqual([]);
  });

  it("issues the letter of a late file with every field of the form, numbered, and audited", async () => {
    const { db, w, file } = await lateFile();
    const before = FileListSchema.parse(
      await (await w.client.get("/api/staff/files?from=2026-11-01&to=2026-11-30&flag=late_without_apology")).json(),
    );
    expect(before.items.map((i) => i.code)).toEqual([file.code]);

    const res = await w.client.post(`/api/staff/files/${file.id}/apology-letter`, {
      reason: "Hồ sơ cần lấy ý kiến thẩm định của Sở Y tế.",
      newDueAt: iso("2026-11-27T17:00"),
      applicantIdentifier: "068190001234",
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const letter = ApologyLetterSchema.parse(await res.json());
    expect(letter).toMatchObject({
      form: "tt03_2025",
      title: "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
      number: 1,
      numberText: "1/PXL",
      place: "Lâm Đồng",
      parentAgencyName: "UBND TỈNH LÂM ĐỒNG",
      agencyName: w.agency.name,
      addresseeName: "Nguyễn Thị Ánh Tuyết",
      applicantIdentifier: "068190001234",
      fileCode: file.code,
      procedureName: w.procedure.name,
      receivedAt: iso("2026-11-02T08:15"),
      originalDueAt: iso("2026-11-09T17:00"),
      reason: "Hồ sơ cần lấy ý kiến thẩm định của Sở Y tế.",
      newDueAt: iso("2026-11-27T17:00"),
      signerTitle: "GIÁM ĐỐC",
      signerName: "Nguyễn Văn Thành",
    });
    const actions = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", w.agency.id)
      .where("subject_id", "=", file.id)
      .select(["action", "details"])
      .orderBy("seq")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["file.apology_issued", "file.reappointed"]);
    expect(actions[1]?.details).toMatchObject({ from: iso("2026-11-09T17:00"), to: iso("2026-11-27T17:00") });

    const after = FileListSchema.parse(
      await (await w.client.get("/api/staff/files?from=2026-11-01&to=2026-11-30&flag=late_without_apology")).json(),
    );
    expect(after.items).toEqual([]);
    // The file is still late (the appointment on the receipt was missed); it now has its letter.
    const detail = FileDetailSchema.parse(await (await w.client.get(`/api/staff/files/${file.id}`)).json());
    expect(detail.timeliness.outcome).toBe("late");
    expect(detail.apology?.numberText).toBe("1/PXL");
    expect(detail.canIssueApology).toBe(false);
  });

  it("refuses a second re-appointment, however it is asked", async () => {
    const { db, w, file } = await lateFile();
    const body = { reason: "Chờ kết quả kiểm nghiệm mẫu.", newDueAt: iso("2026-11-27T17:00") };
    expect((await w.client.post(`/api/staff/files/${file.id}/apology-letter`, body)).status).toBe(201);
    const res = await w.client.post(`/api/staff/files/${file.id}/apology-letter`, {
      ...body,
      newDueAt: iso("2026-12-04T17:00"),
    });
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.type).toBe("/api/problems/reappointment-once");
    expect(problem.detail).toContain("chỉ thực hiện một lần");
    const letters = await db
      .selectFrom("apology_letters")
      .where("file_id", "=", file.id)
      .select("new_due_at")
      .execute();
    expect(letters).toEqual([{ new_due_at: vn("2026-11-27T17:00") }]);
  });

  it("is refused by the database itself when a second letter is written behind the service's back", async () => {
    const { db, w, file } = await lateFile();
    await w.client.post(`/api/staff/files/${file.id}/apology-letter`, {
      reason: "Chờ kết quả kiểm nghiệm mẫu.",
      newDueAt: iso("2026-11-27T17:00"),
    });
    const row = await db
      .selectFrom("apology_letters")
      .where("file_id", "=", file.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    const { id: _id, created_at: _c, ...copy } = row;
    await expect(
      db
        .insertInto("apology_letters")
        .values({ ...copy, number: 99, new_due_at: vn("2026-12-10T17:00") })
        .execute(),
    ).rejects.toMatchObject({ constraint_name: "apology_letters_one_reappointment" });
  });

  it("requires the new return date after the original appointment", async () => {
    const { w, file } = await lateFile();
    const res = await w.client.post(`/api/staff/files/${file.id}/apology-letter`, {
      reason: "Chờ kết quả kiểm nghiệm mẫu.",
      newDueAt: iso("2026-11-08T17:00"),
    });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.[0]?.path).toBe("newDueAt");
  });

  it("numbers letters per agency and year, and uses the TT 01/2018 form when the agency picks it", async () => {
    const { db, w, file } = await lateFile();
    await setFileSettings(db, w.agency.id, { letter_form: "tt01_2018" });
    const other = await createFile(db, w, {
      received_at: vn("2026-11-02T09:00"),
      due_at: vn("2026-11-09T17:00"),
    });
    const body = { reason: "Chờ kết quả kiểm nghiệm mẫu.", newDueAt: iso("2026-11-27T17:00") };
    const a = ApologyLetterSchema.parse(
      await (await w.client.post(`/api/staff/files/${file.id}/apology-letter`, body)).json(),
    );
    const b = ApologyLetterSchema.parse(
      await (await w.client.post(`/api/staff/files/${other.id}/apology-letter`, body)).json(),
    );
    expect([a.number, b.number]).toEqual([1, 2]);
    expect(a.title).toBe("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
    expect(a.formLabel).toContain("01/2018/TT-VPCP");
  });

  it("records deliveries by print, e-mail and SMS (log-only locally), and asks for a missing phone number", async () => {
    const { w, file } = await lateFile();
    await w.client.post(`/api/staff/files/${file.id}/apology-letter`, {
      reason: "Chờ kết quả kiểm nghiệm mẫu.",
      newDueAt: iso("2026-11-27T17:00"),
    });
    const url = `/api/staff/files/${file.id}/apology-letter/deliveries`;
    expect((await w.client.post(url, { channel: "print" })).status).toBe(201);
    const email = await w.client.post(url, { channel: "email" });
    expect(email.status).toBe(201);
    const sms = await w.client.post(url, { channel: "sms" });
    expect(sms.status).toBe(422);
    expect((await problemOf(sms)).errors?.[0]?.path).toBe("recipient");
    const sms2 = await w.client.post(url, { channel: "sms", recipient: "0912 345 678" });
    const letter = ApologyLetterSchema.parse(await sms2.json());
    expect(letter.deliveries.map((d) => [d.channel, d.status, d.recipient])).toEqual([
      ["print", "recorded", null],
      ["email", "logged", "tuyet.nguyen@example.com"],
      ["sms", "logged", "0912 345 678"],
    ]);
  });
});

describe("the return slip", () => {
  it("carries the file's rating QR: a signed, single-use link the rating API accepts", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const file = await newFile(w.client, {
      procedureId: w.procedure.id,
      receivedAt: iso("2026-11-20T09:00"),
      counterId: w.counter.id,
      applicantName: "Phạm Quốc Bảo",
    });
    const res = await w.client.get(`/api/staff/files/${file.id}/return-slip`);
    expect(res.status).toBe(200);
    const slip = ReturnSlipSchema.parse(await res.json());
    expect(slip).toMatchObject({
      fileCode: file.code,
      agencyName: w.agency.name,
      applicantName: "Phạm Quốc Bảo",
      counterName: "Quầy số 1",
      processingTimeText: "5 ngày làm việc",
      dueAt: file.dueAt,
    });
    expect(slip.ratingUrl).toMatch(/^http:\/\/hailong\.test\/r\/v1\./);
    expect(slip.qrSvg.startsWith("<svg")).toBe(true);
    const token = slip.ratingUrl.slice("http://hailong.test/r/".length);
    const rating = await exports.default.fetch(`http://hailong.test/api/ratings/file/${token}`);
    expect(rating.status).toBe(200);
  });
});

describe("who sees which files", () => {
  it("shows a unit's officer only the files of the unit, and answers 404 for the others", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const elsewhere = await createUnit(db, w.agency.id, { name: "Phòng Quản lý Khoa học" });
    const officer = await signInAs(
      await createStaff(db, w.agency.id, { role: "counter_officer", unitIds: [elsewhere.id] }),
    );
    const file = await newFile(w.client, { procedureId: w.procedure.id, receivedAt: iso("2026-11-20T09:00") });
    expect((await officer.get(`/api/staff/files/${file.id}`)).status).toBe(404);
    const list = FileListSchema.parse(
      await (await officer.get("/api/staff/files?from=2026-11-01&to=2026-11-30")).json(),
    );
    expect(list.items).toEqual([]);
    const own = await anotherStaff(db, w.agency.id, "counter_officer", [w.unit.id]);
    expect((await own.get(`/api/staff/files/${file.id}`)).status).toBe(200);
  });
});

describe("on-time KPIs", () => {
  it("counts early, on-time, late and pending files per unit and procedure against the 100% target", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    const other = await createTimedProcedure(db, w.agency.id, w.oneStop.id, 1, "working_days");
    const base = { received_at: vn("2026-10-01T08:00"), due_at: vn("2026-10-08T17:00") };
    await createFile(db, w, { ...base, status: "returned", returned_at: vn("2026-10-05T10:00") }); // early
    await createFile(db, w, { ...base, status: "returned", returned_at: vn("2026-10-08T16:00") }); // on time
    const late = await createFile(db, w, { ...base, status: "returned", returned_at: vn("2026-10-09T09:00") }); // late
    await createFile(
      db,
      { agency: w.agency, procedure: other },
      {
        received_at: vn("2026-10-20T08:00"),
        due_at: vn("2026-12-30T17:00"),
        status: "in_progress",
      },
    ); // pending at the period's end
    const twice = await createFile(db, w, { ...base, status: "returned", returned_at: vn("2026-10-03T10:00") });
    await db
      .insertInto("file_supplements")
      .values([
        {
          agency_id: w.agency.id,
          file_id: twice.id,
          seq: 1,
          requested_at: vn("2026-10-01T09:00"),
          completed_at: vn("2026-10-01T10:00"),
        },
        {
          agency_id: w.agency.id,
          file_id: twice.id,
          seq: 2,
          requested_at: vn("2026-10-02T09:00"),
          completed_at: vn("2026-10-02T10:00"),
          counts_as_late: true,
        },
      ])
      .execute();
    // A file finished before the period is not counted.
    await createFile(db, w, {
      received_at: vn("2026-09-01T08:00"),
      due_at: vn("2026-09-08T17:00"),
      status: "returned",
      returned_at: vn("2026-09-05T08:00"),
    });

    const res = await w.client.get("/api/staff/files/kpis?from=2026-10-01&to=2026-10-31");
    expect(res.status).toBe(200);
    const kpi = KpiSchema.parse(await res.json());
    expect(kpi.target).toBe(100);
    expect(kpi.totals).toEqual({
      total: 5,
      early: 1,
      onTime: 1,
      late: 2,
      pending: 1,
      onTimeRate: 60,
      earlyRate: 20,
      lateRate: 40,
    });
    expect(kpi.lateWithoutApology).toBe(2);
    expect(kpi.multipleSupplements).toBe(1);
    expect(kpi.byUnit.map((u) => [u.unitName, u.total, u.late])).toEqual([
      ["Bộ phận Một cửa", 1, 0],
      ["Chi cục Tiêu chuẩn Đo lường Chất lượng", 4, 2],
    ]);
    expect(kpi.byProcedure[0]).toMatchObject({ procedureId: w.procedure.id, total: 4 });
    expect(kpi.byMonth.map((m) => m.month)).toEqual(["2026-10"]);
    const missing = FileListSchema.parse(
      await (await w.client.get("/api/staff/files?from=2026-10-01&to=2026-10-31&flag=late_without_apology")).json(),
    );
    expect(missing.items.map((i) => i.id)).toContain(late.id);
  });
});
