import { beforeAll, describe, expect, it } from "vitest";
import {
  IntegrationFileResultSchema,
  IntegrationKeyCreatedSchema,
  IntegrationKeyListSchema,
} from "../../schema/api/files";
import { ProblemSchema } from "../../schema/api/problem";
import { hashKey } from "../../worker/files/integration-keys";
import { seedNationalCalendar } from "./support/calendar-factories";
import { createFilesWorld, createIntegrationKey, integrationFetch } from "./support/files-factories";
import { testDb } from "./support/worker-env";

const iso = (local: string) => new Date(`${local}:00+07:00`).toISOString();

beforeAll(async () => {
  await seedNationalCalendar(testDb());
});

async function world() {
  const db = testDb();
  const w = await createFilesWorld(db, "admin");
  const { key } = await createIntegrationKey(db, w.agency.id);
  const put = (code: string, json: unknown) =>
    integrationFetch(key, `/${encodeURIComponent(code)}`, { method: "PUT", json });
  const event = (code: string, json: unknown) =>
    integrationFetch(key, `/${encodeURIComponent(code)}/events`, { method: "POST", json });
  return { db, w, key, put, event };
}

function fileBody(w: Awaited<ReturnType<typeof createFilesWorld>>, over: Record<string, unknown> = {}) {
  return {
    procedureCode: w.procedure.national_code,
    receivedAt: iso("2026-11-16T09:30"),
    channel: "online",
    applicant: { name: "Công ty TNHH Cà phê Cầu Đất", email: "lienhe@example.com" },
    ...over,
  };
}

describe("the one-stop software's key", () => {
  it("is required, and a wrong or revoked key is refused", async () => {
    const { db, w, key } = await world();
    const none = await integrationFetch("", "/ABC-261116-0001");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(ProblemSchema.parse(await none.json()).type).toBe("/api/problems/integration-key-invalid");
    expect((await integrationFetch(`${key}x`, "/ABC-261116-0001")).status).toBe(401);
    await db
      .updateTable("integration_keys")
      .set({ revoked_at: new Date() })
      .where("agency_id", "=", w.agency.id)
      .execute();
    expect((await integrationFetch(key, "/ABC-261116-0001")).status).toBe(401);
  });

  it("is shown once at creation, stored only as its SHA-256 hash, and revoked by the admin", async () => {
    const db = testDb();
    const w = await createFilesWorld(db, "admin");
    const res = await w.client.post("/api/staff/files/integration-keys", { name: "Hệ thống một cửa điện tử tỉnh" });
    expect(res.status).toBe(201);
    const created = IntegrationKeyCreatedSchema.parse(await res.json());
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const row = await db
      .selectFrom("integration_keys")
      .where("id", "=", created.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(await hashKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const list = IntegrationKeyListSchema.parse(await (await w.client.get("/api/staff/files/integration-keys")).json());
    expect(JSON.stringify(list)).not.toContain(created.key);
    expect((await integrationFetch(created.key, "/NOPE-0001")).status).toBe(404);
    expect((await w.client.delete(`/api/staff/files/integration-keys/${created.id}`)).status).toBe(204);
    expect((await integrationFetch(created.key, "/NOPE-0001")).status).toBe(401);
  });

  it("sees only its own agency's files", async () => {
    const a = await world();
    const b = await world();
    const code = `${a.w.agency.code}-261116-0001`;
    expect((await a.put(code, fileBody(a.w))).status).toBe(201);
    expect((await integrationFetch(b.key, `/${code}`)).status).toBe(404);
  });
});

describe("PUT /api/integration/files/:code", () => {
  it("creates the file with its computed appointment, and the same request again changes nothing", async () => {
    const { db, w, put } = await world();
    const code = `${w.agency.code}-261116-0001`;
    const first = await put(code, fileBody(w));
    expect(first.status).toBe(201);
    const created = IntegrationFileResultSchema.parse(await first.json());
    expect(created).toMatchObject({
      code,
      status: "received",
      created: true,
      changed: true,
      dueComputed: true,
      // 5 working days from Monday 16/11/2026.
      dueAt: iso("2026-11-23T17:00"),
    });
    const again = await put(code, fileBody(w));
    expect(again.status).toBe(200);
    expect(IntegrationFileResultSchema.parse(await again.json())).toMatchObject({ created: false, changed: false });
    const files = await db.selectFrom("files").where("agency_id", "=", w.agency.id).selectAll().execute();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ channel: "online", applicant_name: "Công ty TNHH Cà phê Cầu Đất" });
    const events = await db
      .selectFrom("file_events")
      .where("file_id", "=", files[0]!.id)
      .select(["kind", "source"])
      .execute();
    expect(events).toEqual([{ kind: "received", source: "integration" }]);
  });

  it("updates what changed and keeps a given appointment", async () => {
    const { db, w, put } = await world();
    const code = `${w.agency.code}-261116-0002`;
    await put(code, fileBody(w));
    const res = await put(code, fileBody(w, { dueAt: iso("2026-11-30T17:00"), applicant: { phone: "0263 3822 111" } }));
    expect(res.status).toBe(200);
    expect(IntegrationFileResultSchema.parse(await res.json())).toMatchObject({
      changed: true,
      dueAt: iso("2026-11-30T17:00"),
    });
    const file = await db.selectFrom("files").where("code", "=", code).selectAll().executeTakeFirstOrThrow();
    expect(file).toMatchObject({ applicant_phone: "0263 3822 111", applicant_name: "Công ty TNHH Cà phê Cầu Đất" });
  });

  it("records the events sent with the file in time order, once each", async () => {
    const { db, w, put } = await world();
    const code = `${w.agency.code}-261116-0003`;
    // Received Monday 09/11, due 16/11 17:00; the citizen took 2 days to supplement.
    const body = fileBody(w, {
      receivedAt: iso("2026-11-09T09:30"),
      events: [
        { eventId: "evt-4", type: "returned", occurredAt: iso("2026-11-17T10:00") },
        { eventId: "evt-2", type: "supplement_requested", occurredAt: iso("2026-11-10T09:00"), note: "Thiếu bản vẽ" },
        { eventId: "evt-1", type: "received", occurredAt: iso("2026-11-09T09:30") },
        { eventId: "evt-3", type: "supplement_completed", occurredAt: iso("2026-11-12T09:00") },
      ],
    });
    const first = IntegrationFileResultSchema.parse(await (await put(code, body)).json());
    expect(first).toMatchObject({ status: "returned", returnedAt: iso("2026-11-17T10:00"), outcome: "early" });
    expect(first.events.map((e) => [e.type, e.applied])).toEqual([
      ["received", false],
      ["supplement_requested", true],
      ["supplement_completed", true],
      ["returned", true],
    ]);
    const second = IntegrationFileResultSchema.parse(await (await put(code, body)).json());
    expect(second.changed).toBe(false);
    expect(second.events.every((e) => !e.applied)).toBe(true);
    const file = await db.selectFrom("files").where("code", "=", code).select("id").executeTakeFirstOrThrow();
    const events = await db.selectFrom("file_events").where("file_id", "=", file.id).select("kind").execute();
    expect(events).toHaveLength(4);
    expect(await db.selectFrom("file_supplements").where("file_id", "=", file.id).select("seq").execute()).toEqual([
      { seq: 1 },
    ]);
  });

  it("refuses an event dated in the future", async () => {
    const { w, put, event } = await world();
    const code = `${w.agency.code}-261116-0008`;
    await put(code, fileBody(w));
    const res = await event(code, { type: "returned", occurredAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(res.status).toBe(422);
    expect(ProblemSchema.parse(await res.json()).errors?.[0]?.path).toBe("occurredAt");
  });

  it("refuses a procedure the agency does not have", async () => {
    const { w, put } = await world();
    const res = await put(`${w.agency.code}-261116-0004`, fileBody(w, { procedureCode: "9.999999" }));
    expect(res.status).toBe(422);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.type).toBe("/api/problems/invalid-reference");
    expect(problem.errors?.[0]?.path).toBe("procedureCode");
  });
});

describe("POST /api/integration/files/:code/events", () => {
  it("applies the same event sent twice once: one change, one row", async () => {
    const { db, w, put, event } = await world();
    const code = `${w.agency.code}-261116-0005`;
    await put(code, fileBody(w));
    const body = { eventId: "YC-BS-0001", type: "supplement_requested", occurredAt: iso("2026-11-17T10:00") };
    const first = await event(code, body);
    expect(first.status).toBe(201);
    expect(IntegrationFileResultSchema.parse(await first.json())).toMatchObject({
      status: "supplement_requested",
      changed: true,
    });
    const second = await event(code, body);
    expect(second.status).toBe(200);
    expect(IntegrationFileResultSchema.parse(await second.json())).toMatchObject({
      changed: false,
      events: [{ type: "supplement_requested", eventKey: "YC-BS-0001", applied: false }],
    });
    const file = await db.selectFrom("files").where("code", "=", code).select("id").executeTakeFirstOrThrow();
    expect(await db.selectFrom("file_supplements").where("file_id", "=", file.id).select("seq").execute()).toHaveLength(
      1,
    );
    expect(
      await db
        .selectFrom("file_events")
        .where("file_id", "=", file.id)
        .where("kind", "=", "supplement_requested")
        .select("id")
        .execute(),
    ).toHaveLength(1);
  });

  it("keys an event without an id by its time, so a retry is still stored once", async () => {
    const { db, w, put, event } = await world();
    const code = `${w.agency.code}-261116-0006`;
    await put(code, fileBody(w));
    const body = { type: "returned", occurredAt: iso("2026-11-20T15:00") };
    expect((await event(code, body)).status).toBe(201);
    expect((await event(code, body)).status).toBe(200);
    const file = await db.selectFrom("files").where("code", "=", code).selectAll().executeTakeFirstOrThrow();
    expect(file.returned_at?.toISOString()).toBe(iso("2026-11-20T15:00"));
  });

  it("refuses a second supplement request with the second-supplement problem", async () => {
    const { w, put, event } = await world();
    const code = `${w.agency.code}-261116-0007`;
    await put(code, fileBody(w));
    await event(code, { eventId: "a", type: "supplement_requested", occurredAt: iso("2026-11-17T10:00") });
    await event(code, { eventId: "b", type: "supplement_completed", occurredAt: iso("2026-11-18T10:00") });
    const res = await event(code, { eventId: "c", type: "supplement_requested", occurredAt: iso("2026-11-19T10:00") });
    expect(res.status).toBe(409);
    expect(ProblemSchema.parse(await res.json()).type).toBe("/api/problems/second-supplement");
  });

  it("answers 404 for a file it never sent", async () => {
    const { event } = await world();
    const res = await event("KHONG-CO-0001", { type: "returned", occurredAt: iso("2026-11-20T15:00") });
    expect(res.status).toBe(404);
  });
});
