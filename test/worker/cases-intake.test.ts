import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  CASE_CODE_PATTERN,
  CaseStatusViewSchema,
  CURRENT_CASE_CONSENT,
  IntakeOptionsSchema,
  IntakeReceiptSchema,
  TRACKING_SECRET_PATTERN,
} from "../../schema/api/cases";
import { ProblemSchema } from "../../schema/api/problem";
import { BASE, randomIp } from "./support/accounts-factories";
import {
  citizenFetch,
  createCasesWorld,
  fileCase,
  intakeBody,
  PDF_BYTES,
  PNG_BYTES,
  postIntake,
  uploadAsCitizen,
} from "./support/cases-factories";
import { uniq } from "./support/factories";
import { testDb } from "./support/worker-env";

const bucket = (env as unknown as { ATTACHMENTS: R2Bucket }).ATTACHMENTS;

function problemOf(body: unknown) {
  return ProblemSchema.parse(body);
}

describe("POST /api/public/cases (intake)", () => {
  it("files a complaint: tracking code and secret, routed to the configured unit, first legal deadline stored with its basis", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const res = await postIntake(intakeBody(world, "complaint"));
    expect(res.status).toBe(201);
    const receipt = IntakeReceiptSchema.parse(await res.json());
    expect(receipt.code).toMatch(CASE_CODE_PATTERN);
    expect(receipt.code.startsWith("KN.")).toBe(true);
    expect(receipt.secret).toMatch(TRACKING_SECRET_PATTERN);
    expect(receipt.handlingUnit?.name).toBe("Thanh tra Sở");
    expect(receipt.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const row = await db
      .selectFrom("cases")
      .innerJoin("case_workflow", "case_workflow.case_id", "cases.id")
      .where("cases.code", "=", receipt.code)
      .where("cases.agency_id", "=", world.agency.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      agency_id: world.agency.id,
      kind: "complaint",
      status: "received",
      handling_unit_id: world.inspectorate.id,
      anonymous: false,
      routed_by: "setting",
      channel: "web",
      consent_version: CURRENT_CASE_CONSENT,
    });
    // The secret itself is never stored, only its hash.
    expect(row.tracking_secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(receipt.secret);

    const deadline = await db
      .selectFrom("case_deadlines")
      .where("case_id", "=", row.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(deadline.step).toBe("accept");
    expect(deadline.day_type).toBe("working");
    // A complaint received from 01/07/2026 gets 7 working days (ND 155/2026), before that 10.
    expect(deadline.period).toBe(new Date() >= new Date("2026-06-30T17:00:00Z") ? 7 : 10);
    expect(deadline.legal_basis).toMatch(/ND 155\/2026|TT 07\/2013/);
    expect(deadline.closed_at).toBeNull();
    expect(row.due_at?.toISOString()).toBe(deadline.due_at.toISOString());

    const events = await db.selectFrom("case_events").where("case_id", "=", row.id).selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "receive", actor_kind: "citizen", to_status: "received", public: true });
    const notices = await db
      .selectFrom("case_notifications")
      .where("case_id", "=", row.id)
      .select("template")
      .execute();
    expect(notices.map((n) => n.template).sort()).toEqual(["new_case", "received"]);
  });

  it("stores the filer's identity only encrypted, with no name, address or contact in clear anywhere", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const filer = {
      fullName: `Lê Văn Riêngtư ${uniq()}`,
      address: "99 đường Kín, phường Lâm Viên",
      phone: "0987 654 321",
    };
    const receipt = await fileCase(db, intakeBody(world, "complaint", { filer }));
    const identity = await db
      .selectFrom("case_identities")
      .where("case_id", "=", receipt.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ filer_type: "individual", has_phone: true, has_email: false, key_id: "dev" });
    const everything = JSON.stringify([
      identity,
      await db.selectFrom("cases").where("id", "=", receipt.id).selectAll().execute(),
      await db.selectFrom("case_events").where("case_id", "=", receipt.id).selectAll().execute(),
      await db.selectFrom("case_notifications").where("case_id", "=", receipt.id).selectAll().execute(),
    ]);
    for (const value of [filer.fullName, filer.address, "0987 654 321", "0987654321"])
      expect(everything).not.toContain(value);
  });

  it("requires name, address and a contact for complaints and denunciations, in both languages", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    for (const kind of ["complaint", "denunciation"] as const) {
      const res = await postIntake(intakeBody(world, kind, { filer: { fullName: "Nguyễn Văn A" } as never }));
      expect(res.status).toBe(422);
      const problem = problemOf(await res.json());
      expect(problem.type).toBe("/api/problems/validation");
      const paths = problem.errors?.map((e) => e.path) ?? [];
      expect(paths).toContain("filer.address");
      expect(paths).toContain("filer.phone");
      expect(problem.errors?.find((e) => e.path === "filer.address")?.message).toContain("địa chỉ");
    }
    const noFiler = await postIntake(intakeBody(world, "complaint", { filer: undefined }));
    expect(noFiler.status).toBe(422);
    expect(problemOf(await noFiler.json()).errors?.map((e) => e.path)).toContain("filer.fullName");
    // Consent to the personal-data notice is required with an identity.
    const noConsent = await postIntake(intakeBody(world, "petition", { consent: undefined }));
    expect(problemOf(await noConsent.json()).errors?.map((e) => e.path)).toContain("consent.accepted");
    expect(await db.selectFrom("cases").where("agency_id", "=", world.agency.id).select("id").execute()).toHaveLength(
      0,
    );
  });

  it("accepts an anonymous petition only where the agency allows it, and never an anonymous complaint", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const petition = await fileCase(
      db,
      intakeBody(world, "petition", { anonymous: true, filer: undefined, consent: undefined }),
    );
    const row = await db
      .selectFrom("cases")
      .where("id", "=", petition.id)
      .select(["anonymous", "kind"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ anonymous: true, kind: "petition" });
    expect(await db.selectFrom("case_identities").where("case_id", "=", petition.id).execute()).toHaveLength(0);

    const complaint = await postIntake(intakeBody(world, "complaint", { anonymous: true, filer: undefined }));
    expect(complaint.status).toBe(422);
    expect(problemOf(await complaint.json()).errors?.[0]?.path).toBe("anonymous");

    const strict = await createCasesWorld(db, { settings: {} as never });
    const refused = await postIntake(
      intakeBody(strict, "petition", { anonymous: true, filer: undefined, consent: undefined }),
    );
    expect(refused.status).toBe(422);
    expect(problemOf(await refused.json()).errors?.[0]?.message).toContain("ẩn danh");
  });

  it("routes by the most specific rule: procedure over the unit concerned over the kind, else the setting", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const admin = await world.as("admin");
    const rule = async (body: Record<string, unknown>) => {
      const res = await admin.post("/api/staff/cases/routing-rules", body);
      expect(res.status).toBe(201);
    };
    await rule({ caseKind: "petition", handlingUnitId: world.inspectorate.id });
    await rule({ caseKind: "petition", sourceUnitId: world.office.id, handlingUnitId: world.office.id });
    const byKind = await fileCase(db, intakeBody(world, "petition"));
    expect(byKind.handlingUnit?.name).toBe("Thanh tra Sở");
    // From the office's counter: the unit concerned is the office.
    const byUnit = await fileCase(db, intakeBody(world, "petition", { counterCode: world.counter.public_code }));
    expect(byUnit.handlingUnit?.name).toBe("Văn phòng Sở");
    const workflow = await db
      .selectFrom("case_workflow")
      .where("case_id", "=", byUnit.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(workflow).toMatchObject({ routed_by: "rule", channel: "counter_qr", counter_id: world.counter.id });
    await rule({ procedureId: world.procedure.id, handlingUnitId: world.inspectorate.id });
    const byProcedure = await fileCase(
      db,
      intakeBody(world, "petition", { counterCode: world.counter.public_code, procedureId: world.procedure.id }),
    );
    expect(byProcedure.handlingUnit?.name).toBe("Thanh tra Sở");
  });

  it("numbers codes per agency, kind and day without gaps or duplicates under concurrent intakes", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const receipts = await Promise.all(Array.from({ length: 8 }, () => fileCase(db, intakeBody(world, "petition"))));
    const numbers = receipts.map((r) => Number(r.code.split(".")[2])).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(receipts.map((r) => r.secret)).size).toBe(8);
    const complaint = await fileCase(db, intakeBody(world, "complaint"));
    expect(complaint.code.endsWith(".0001")).toBe(true);
  });

  it("continues after codes already in the table (seeded or imported cases)", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10).replaceAll("-", "");
    await db
      .insertInto("cases")
      .values({
        agency_id: world.agency.id,
        code: `PAKN.${day}.0041`,
        kind: "petition",
        title: "Đơn nhập từ hệ thống cũ",
        content: "Nội dung đơn nhập từ hệ thống cũ.",
      })
      .execute();
    const receipt = await fileCase(db, intakeBody(world, "petition"));
    expect(receipt.code).toBe(`PAKN.${day}.0042`);
  });

  it("refuses a filled honeypot and limits intakes per client address", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const bot = await postIntake(intakeBody(world, "petition", { website: "http://spam.test" }));
    expect(bot.status).toBe(422);
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await postIntake(intakeBody(world, "petition"), { "cf-connecting-ip": ip })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("offers the intake page its options from a counter's code or an agency code", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const res = await exports.default.fetch(
      `${BASE}/api/public/cases/intake-options?counter=${world.counter.public_code}`,
    );
    expect(res.status).toBe(200);
    const options = IntakeOptionsSchema.parse(await res.json());
    expect(options.agency.code).toBe(world.agency.code);
    expect(options.counter?.unitName).toBe("Văn phòng Sở");
    expect(options.allowAnonymousPetitions).toBe(true);
    expect(options.procedures.map((p) => p.id)).toContain(world.procedure.id);
    expect(options.consent.version).toBe(CURRENT_CASE_CONSENT);
    expect(options.attachments).toMatchObject({ maxFiles: 5, maxBytes: 10 * 1024 * 1024 });
    const byAgency = await exports.default.fetch(
      `${BASE}/api/public/cases/intake-options?agency=${encodeURIComponent(world.agency.code)}`,
    );
    expect(IntakeOptionsSchema.parse(await byAgency.json()).counter).toBeNull();
    const unknown = await exports.default.fetch(`${BASE}/api/public/cases/intake-options?agency=KHONGCO`);
    expect(unknown.status).toBe(404);
  });
});

describe("the citizen's status page (GET /api/public/cases/:code)", () => {
  it("shows progress with the right secret (typed loosely), and the same 404 for a wrong secret or an unknown code", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const receipt = await fileCase(db, intakeBody(world, "petition"));
    const ok = await citizenFetch(`/${receipt.code}`, receipt.secret.toLowerCase().replaceAll("-", " "));
    expect(ok.status).toBe(200);
    const view = CaseStatusViewSchema.parse(await ok.json());
    expect(view).toMatchObject({
      code: receipt.code,
      kind: "petition",
      status: "received",
      answer: null,
      canRate: false,
    });
    expect(view.timeline).toHaveLength(1);
    expect(view.current?.dueOn).toBe(receipt.dueOn);
    expect(view.attachments).toMatchObject({ count: 0, canAdd: true, maxFiles: 5 });

    const wrong = await citizenFetch(`/${receipt.code}`, "AAAA-BBBB-CCCC-DDDD");
    const unknown = await citizenFetch(`/${receipt.code.replace(/\d{4}$/, "9999")}`, receipt.secret);
    const missing = await citizenFetch(`/${receipt.code}`, "");
    for (const res of [wrong, unknown, missing]) {
      expect(res.status).toBe(404);
      expect(problemOf(await res.json()).detail).toBe("Mã đơn hoặc mã bí mật không đúng.");
    }
  });
});

describe("citizen attachments", () => {
  it("stores an image by its magic bytes under an opaque key, and lets the citizen download it", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const receipt = await fileCase(db, intakeBody(world, "complaint"));
    const res = await uploadAsCitizen(receipt.code, receipt.secret, "ảnh hiện trường.png", PNG_BYTES);
    expect(res.status).toBe(201);
    const stored = (await res.json()) as { id: string; name: string; contentType: string; size: number };
    expect(stored).toMatchObject({ name: "ảnh hiện trường.png", contentType: "image/png", size: PNG_BYTES.length });
    const row = await db
      .selectFrom("case_attachments")
      .where("id", "=", stored.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.object_key).toMatch(new RegExp(`^cases/${receipt.id}/[A-Za-z0-9_-]{22,}$`));
    expect(row.object_key).not.toContain("png");
    expect(row.identifying).toBe(false);
    const object = await bucket.get(row.object_key);
    expect(new Uint8Array(await (object as R2ObjectBody).arrayBuffer())).toEqual(PNG_BYTES);

    const download = await citizenFetch(`/${receipt.code}/attachments/${stored.id}`, receipt.secret);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toContain("filename*=UTF-8''%E1%BA%A3nh");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG_BYTES);
  });

  it("refuses a file whose bytes are not an accepted type, or whose name lies about it, with 415", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const receipt = await fileCase(db, intakeBody(world, "petition"));
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);
    const renamed = await uploadAsCitizen(receipt.code, receipt.secret, "hoa-don.pdf", exe);
    expect(renamed.status).toBe(415);
    expect(problemOf(await renamed.json()).type).toBe("/api/problems/unsupported-media-type");
    const mismatch = await uploadAsCitizen(receipt.code, receipt.secret, "anh.pdf", PNG_BYTES);
    expect(mismatch.status).toBe(415);
    expect((await mismatch.json()) as Record<string, unknown>).toMatchObject({ reason: "extension_mismatch" });
    expect(await db.selectFrom("case_attachments").where("case_id", "=", receipt.id).execute()).toHaveLength(0);
  });

  it("refuses a file above the size limit with 413 and a sixth file with 409", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const receipt = await fileCase(db, intakeBody(world, "petition"));
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF_BYTES);
    const tooBig = await uploadAsCitizen(receipt.code, receipt.secret, "lon.pdf", big);
    expect(tooBig.status).toBe(413);
    for (let i = 0; i < 5; i++) {
      expect((await uploadAsCitizen(receipt.code, receipt.secret, `tai-lieu-${i}.pdf`, PDF_BYTES)).status).toBe(201);
    }
    const sixth = await uploadAsCitizen(receipt.code, receipt.secret, "tai-lieu-6.pdf", PDF_BYTES);
    expect(sixth.status).toBe(409);
    expect(await db.selectFrom("case_attachments").where("case_id", "=", receipt.id).execute()).toHaveLength(5);
  });

  it("encrypts a denunciation's attachments and their names before they reach R2", async () => {
    const db = testDb();
    const world = await createCasesWorld(db);
    const receipt = await fileCase(db, intakeBody(world, "denunciation"));
    const res = await uploadAsCitizen(receipt.code, receipt.secret, "chu-ky-nguoi-to-cao.png", PNG_BYTES);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await db.selectFrom("case_attachments").where("id", "=", id).selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ identifying: true, file_name: null, key_id: "dev", content_type: "image/png" });
    const object = (await bucket.get(row.object_key)) as R2ObjectBody;
    const stored = new Uint8Array(await object.arrayBuffer());
    expect(stored.length).toBe(PNG_BYTES.length + 16);
    expect(stored.slice(0, 8)).not.toEqual(PNG_BYTES.slice(0, 8));
    // The citizen gets the file back as it was.
    const download = await citizenFetch(`/${receipt.code}/attachments/${id}`, receipt.secret);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG_BYTES);
    expect(download.headers.get("content-disposition")).toContain("chu-ky-nguoi-to-cao.png");
  });
});
