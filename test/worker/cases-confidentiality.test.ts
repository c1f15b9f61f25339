import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CaseDetailSchema, CaseIdentitySchema, VerificationCopySchema } from "../../schema/api/cases";
import { ProblemSchema } from "../../schema/api/problem";
import { createApp } from "../../worker/app";
import {
  attachmentAad,
  identityAad,
  keyringFor,
  openBytes,
  openText,
  parseKeyring,
  toBase64Url,
} from "../../worker/cases/identity-crypto";
import { reencryptOldKeys } from "../../worker/cases/rekey.job";
import { addDays, localDateOf } from "../../worker/lib/calendar/dates";
import { BASE, type StaffClient } from "./support/accounts-factories";
import {
  act,
  advance,
  type CasesWorld,
  citizenFetch,
  createCasesWorld,
  distinctiveFiler,
  fileCase,
  intakeBody,
  PNG_BYTES,
  uploadAsCitizen,
} from "./support/cases-factories";
import { testDb } from "./support/worker-env";

const bucket = (env as unknown as { ATTACHMENTS: R2Bucket }).ATTACHMENTS;

/**
 * A denunciation whose denouncer has details no other test uses, mentioned in the text too,
 * with a signed page attached, assigned to one inspector of the inspectorate.
 */
async function denunciationWorld() {
  const db = testDb();
  const world = await createCasesWorld(db);
  const filer = distinctiveFiler();
  const original = `Tôi là ${filer.fullName}, ở ${filer.address}, điện thoại ${filer.phone}. Tôi tố cáo một công chức nhận tiền ngoài quy định khi tiếp nhận hồ sơ.`;
  const receipt = await fileCase(
    db,
    intakeBody(world, "denunciation", {
      title: `Đơn tố cáo của ${filer.fullName}`,
      content: original,
      filer: { ...filer, type: "individual" },
    }),
  );
  const upload = await uploadAsCitizen(receipt.code, receipt.secret, `don-cua-${filer.fullName}.png`, PNG_BYTES);
  expect(upload.status).toBe(201);
  const attachmentId = ((await upload.json()) as { id: string }).id;
  await advance(world, receipt.id, "in_progress");
  // Secrets that must never reach anyone but the assigned inspector.
  const secrets = [
    filer.fullName,
    filer.fullName.toLowerCase(),
    filer.address,
    filer.phone,
    filer.email,
    filer.idNumber,
    `don-cua-${filer.fullName}`,
    encodeURIComponent(filer.fullName),
  ];
  return { db, world, filer, receipt, attachmentId, secrets, original };
}

function leaks(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => text.includes(s));
}

/**
 * Every case endpoint, called the way the given client may call it. Listed by route path: the
 * test checks below that no case route of the app is missing here.
 */
function endpointCalls(world: CasesWorld, caseId: string, attachmentId: string, client: StaffClient) {
  const today = localDateOf(new Date());
  return {
    "GET /api/staff/cases": [
      () => client.get("/api/staff/cases"),
      () => client.get("/api/staff/cases?kind=denunciation&due=open"),
    ],
    "GET /api/staff/cases/meta": [() => client.get("/api/staff/cases/meta")],
    "GET /api/staff/cases/stats": [() => client.get(`/api/staff/cases/stats?from=${addDays(today, -1)}&to=${today}`)],
    "GET /api/staff/cases/routing-rules": [() => client.get("/api/staff/cases/routing-rules")],
    "POST /api/staff/cases/routing-rules": [
      () =>
        client.post("/api/staff/cases/routing-rules", {
          caseKind: "denunciation",
          handlingUnitId: world.inspectorate.id,
        }),
    ],
    "PATCH /api/staff/cases/routing-rules/:ruleId": [
      () => client.patch(`/api/staff/cases/routing-rules/${crypto.randomUUID()}`, { active: false }),
    ],
    "DELETE /api/staff/cases/routing-rules/:ruleId": [
      () => client.delete(`/api/staff/cases/routing-rules/${crypto.randomUUID()}`),
    ],
    "GET /api/staff/cases/:id": [() => client.get(`/api/staff/cases/${caseId}`)],
    "GET /api/staff/cases/:id/identity": [() => client.get(`/api/staff/cases/${caseId}/identity`)],
    "GET /api/staff/cases/:id/verification-copy": [() => client.get(`/api/staff/cases/${caseId}/verification-copy`)],
    "GET /api/staff/cases/:id/attachments/:attachmentId": [
      () => client.get(`/api/staff/cases/${caseId}/attachments/${attachmentId}`),
    ],
    "POST /api/staff/cases/:id/transitions": [
      () =>
        client.post(`/api/staff/cases/${caseId}/transitions`, {
          action: "assign",
          staffIds: [world.people.inspector.id],
        }),
      () => client.post(`/api/staff/cases/${caseId}/transitions`, { action: "close" }),
    ],
    "POST /api/staff/cases/:id/answer": [
      () => client.post(`/api/staff/cases/${caseId}/answer`, { body: "Nội dung trả lời thử, đủ dài để hợp lệ." }),
    ],
    "POST /api/staff/cases/:id/answer/attachments": [
      () =>
        client.fetch(`/api/staff/cases/${caseId}/answer/attachments`, {
          method: "POST",
          body: PNG_BYTES,
          headers: { "x-file-name": "tra-loi.png" },
        }),
    ],
    "POST /api/staff/cases/:id/publish-preview": [
      () =>
        client.post(`/api/staff/cases/${caseId}/publish-preview`, {
          publishedQuestion: "Câu hỏi để công khai",
          publishedAnswer: "Câu trả lời để công khai",
        }),
    ],
  } satisfies Record<string, Array<() => Promise<Response>>>;
}

describe("confidentiality of a denouncer's identity (Luật Tố cáo Art. 9, 56)", () => {
  it("covers every case route of the app in this test", () => {
    const app = createApp();
    const caseRoutes = app.routes
      .filter((r) => r.method !== "ALL" && /^\/api\/staff\/cases(\/|$)/.test(r.path))
      .map((r) => `${r.method} ${r.path}`);
    const covered = Object.keys(
      endpointCalls({ inspectorate: { id: "" }, people: { inspector: { id: "" } } } as never, "", "", {} as never),
    );
    expect(caseRoutes.length).toBeGreaterThan(10);
    expect(caseRoutes.filter((r) => !covered.includes(r))).toEqual([]);
  });

  it("no endpoint returns the identity to a manager, an unassigned inspector, a viewer or the admin", async () => {
    const { db, world, receipt, attachmentId, secrets } = await denunciationWorld();
    for (const who of ["manager", "otherInspector", "viewer", "admin", "officeInspector"] as const) {
      const client = await world.as(who);
      for (const [route, calls] of Object.entries(endpointCalls(world, receipt.id, attachmentId, client))) {
        for (const call of calls) {
          const res = await call();
          const body = await res.text();
          expect(leaks(body, secrets), `${who}: ${route} (${res.status})`).toEqual([]);
          expect(res.status, `${who}: ${route}`).toBeLessThan(500);
          if (route.endsWith("/identity") || route.endsWith("/:attachmentId")) {
            expect([403, 404], `${who}: ${route}`).toContain(res.status);
          }
        }
      }
    }
    // The public endpoints neither.
    const publicBodies = await Promise.all([
      exports.default.fetch(`${BASE}/api/public/cases/published?agency=${world.agency.code}`).then((r) => r.text()),
      citizenFetch(`/${receipt.code}`, "AAAA-BBBB-CCCC-DDDD").then((r) => r.text()),
      exports.default
        .fetch(`${BASE}/api/public/cases/intake-options?agency=${world.agency.code}`)
        .then((r) => r.text()),
    ]);
    for (const body of publicBodies) expect(leaks(body, secrets)).toEqual([]);
    // Nobody above opened the identity: no view was logged.
    const views = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", world.agency.id)
      .where("action", "=", "case.identity_viewed")
      .execute();
    expect(views).toHaveLength(0);
  });

  it("shows the others a redacted case: text masked at intake, attachments only as existing", async () => {
    const { world, receipt, filer } = await denunciationWorld();
    const manager = await world.as("manager");
    const view = CaseDetailSchema.parse(await (await manager.get(`/api/staff/cases/${receipt.id}`)).json());
    expect(view.title).toBe("Đơn tố cáo của [đã ẩn]");
    expect(view.content).toContain("Tôi là [đã ẩn], ở [đã ẩn], điện thoại [đã ẩn]. Tôi tố cáo");
    expect(view.identity).toEqual({
      present: true,
      canView: false,
      filerType: "individual",
      hasPhone: true,
      hasEmail: true,
    });
    expect(view.attachments).toEqual([{ id: expect.any(String), redacted: true, forAnswer: false }]);
    const identity = await manager.get(`/api/staff/cases/${receipt.id}/identity`);
    expect(identity.status).toBe(403);
    expect(ProblemSchema.parse(await identity.json()).detail).toContain("Luật Tố cáo");
    expect(filer.fullName).not.toBe("");
  });

  it("shows the assigned inspector the identity and the files, and logs every view in the audit trail", async () => {
    const { db, world, receipt, attachmentId, filer, original } = await denunciationWorld();
    const inspector = await world.as("inspector");
    const page = CaseDetailSchema.parse(await (await inspector.get(`/api/staff/cases/${receipt.id}`)).json());
    expect(page.assignedToMe).toBe(true);
    expect(page.identity.canView).toBe(true);
    expect(page.attachments[0]).toMatchObject({ redacted: false, name: `don-cua-${filer.fullName}.png` });

    for (let i = 0; i < 2; i++) {
      const res = await inspector.get(`/api/staff/cases/${receipt.id}/identity`);
      expect(res.status).toBe(200);
      expect(CaseIdentitySchema.parse(await res.json())).toMatchObject({
        fullName: filer.fullName,
        address: filer.address,
        phone: filer.phone,
        email: filer.email,
        idNumber: filer.idNumber,
        originalContent: original,
      });
    }
    const file = await inspector.get(`/api/staff/cases/${receipt.id}/attachments/${attachmentId}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG_BYTES);

    const views = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", world.agency.id)
      .where("action", "=", "case.identity_viewed")
      .select(["actor_id", "subject_id", "details"])
      .orderBy("seq")
      .execute();
    expect(views).toHaveLength(3);
    expect(views.every((v) => v.actor_id === world.people.inspector.id && v.subject_id === receipt.id)).toBe(true);
    expect(views[2]?.details).toMatchObject({ attachmentId });
    // The audit trail records the view, never the identity itself.
    expect(leaks(JSON.stringify(views), [filer.fullName, filer.phone, filer.address])).toEqual([]);
    const timeline = CaseDetailSchema.parse(
      await (await inspector.get(`/api/staff/cases/${receipt.id}`)).json(),
    ).events;
    expect(timeline.filter((e) => e.action === "identity_viewed")).toHaveLength(2);
    expect(timeline.filter((e) => e.action === "attachment_viewed")).toHaveLength(1);
  });

  it("gives the copy for verification redacted, even to the assigned inspector", async () => {
    const { world, receipt, secrets } = await denunciationWorld();
    const inspector = await world.as("inspector");
    const res = await inspector.get(`/api/staff/cases/${receipt.id}/verification-copy`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(leaks(text, secrets)).toEqual([]);
    const copy = VerificationCopySchema.parse(JSON.parse(text));
    expect(copy.content).toContain("[đã ẩn]");
    expect(copy.attachmentsWithheld).toBe(1);
  });

  it("ends the access when the assignment ends: reassigned away, the inspector sees the redacted view", async () => {
    const { world, receipt, secrets } = await denunciationWorld();
    const manager = await world.as("manager");
    expect(
      (await act(manager, receipt.id, { action: "assign", staffIds: [world.people.otherInspector.id] })).status,
    ).toBe(200);
    const former = await world.as("inspector");
    expect((await former.get(`/api/staff/cases/${receipt.id}/identity`)).status).toBe(403);
    const page = await former.get(`/api/staff/cases/${receipt.id}`);
    expect(leaks(await page.text(), secrets)).toEqual([]);
    expect((await (await world.as("otherInspector")).get(`/api/staff/cases/${receipt.id}/identity`)).status).toBe(200);
  });

  it("keeps the identity out of every table in clear, and the attachment encrypted in R2", async () => {
    const { db, world, receipt, attachmentId, secrets } = await denunciationWorld();
    const dump = JSON.stringify([
      await db.selectFrom("cases").where("id", "=", receipt.id).selectAll().execute(),
      await db.selectFrom("case_workflow").where("case_id", "=", receipt.id).selectAll().execute(),
      await db.selectFrom("case_events").where("case_id", "=", receipt.id).selectAll().execute(),
      await db.selectFrom("case_identities").where("case_id", "=", receipt.id).selectAll().execute(),
      await db.selectFrom("case_attachments").where("case_id", "=", receipt.id).selectAll().execute(),
      await db.selectFrom("case_notifications").where("case_id", "=", receipt.id).selectAll().execute(),
      await db.selectFrom("audit_log").where("agency_id", "=", world.agency.id).selectAll().execute(),
    ]);
    expect(leaks(dump, secrets)).toEqual([]);
    const row = await db
      .selectFrom("case_attachments")
      .where("id", "=", attachmentId)
      .selectAll()
      .executeTakeFirstOrThrow();
    const object = (await bucket.get(row.object_key)) as R2ObjectBody;
    const raw = new TextDecoder("latin1").decode(await object.arrayBuffer());
    expect(raw.includes("PNG")).toBe(false);
    expect(JSON.stringify(object.customMetadata)).not.toContain("don-cua");
  });

  it("re-encrypts identities and identifying attachments under a new first key, batch by batch", async () => {
    const { db, world, receipt, attachmentId, filer } = await denunciationWorld();
    const dev = await keyringFor({ APP_ENV: "test", CASE_IDENTITY_KEYS: undefined });
    const k2 = (await parseKeyring(`k2:${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`)).primary;
    const rotated = { primary: k2, byId: new Map([...dev.byId, ["k2", k2]]) };
    const before = await db
      .selectFrom("case_attachments")
      .where("id", "=", attachmentId)
      .selectAll()
      .executeTakeFirstOrThrow();

    const run = await reencryptOldKeys(db, rotated, bucket, new Date(), { agencyId: world.agency.id });
    expect(run).toEqual({ identities: 1, attachments: 1, left: 0 });

    const identity = await db
      .selectFrom("case_identities")
      .where("case_id", "=", receipt.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(identity.key_id).toBe("k2");
    expect(identity.reencrypted_at).not.toBeNull();
    const text = await openText(
      rotated,
      { keyId: "k2", iv: identity.iv, ciphertext: identity.ciphertext },
      identityAad(world.agency.id, receipt.id),
    );
    expect(JSON.parse(text).fullName).toBe(filer.fullName);
    // Without the new key nothing decrypts any more: the old key alone is not enough.
    await expect(
      openText(
        dev,
        { keyId: "k2", iv: identity.iv, ciphertext: identity.ciphertext },
        identityAad(world.agency.id, receipt.id),
      ),
    ).rejects.toThrow();

    const after = await db
      .selectFrom("case_attachments")
      .where("id", "=", attachmentId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(after.key_id).toBe("k2");
    expect(after.object_key).not.toBe(before.object_key);
    expect(await bucket.get(before.object_key)).toBeNull();
    const object = (await bucket.get(after.object_key)) as R2ObjectBody;
    const plain = await openBytes(
      rotated,
      { keyId: "k2", iv: after.iv as string, ciphertext: new Uint8Array(await object.arrayBuffer()) },
      attachmentAad(world.agency.id, attachmentId, "content"),
    );
    expect(plain).toEqual(PNG_BYTES);
    expect(await reencryptOldKeys(db, rotated, bucket, new Date(), { agencyId: world.agency.id })).toEqual({
      identities: 0,
      attachments: 0,
      left: 0,
    });
  });
});
