import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ProblemSchema } from "../../schema/api/problem";
import { createApp, MAX_BODY_BYTES } from "../../worker/app";
import { validate } from "../../worker/validation";
import { createAgency, uniq } from "./support/factories";
import { testDb, testEnv } from "./support/worker-env";

/** The real app with two extra routes that exercise the shared validation and error mapping. */
function appWithProbes() {
  const app = createApp();
  app.post(
    "/api/probe/agencies",
    validate(
      "json",
      z.object({
        code: z.string().min(2, { error: "invalid_code" }),
        name: z.string().min(1, { error: "required" }),
        provinceCode: z.string().regex(/^\d{2}$/),
        unitId: z.uuid().optional(),
      }),
    ),
    async (c) => {
      const body = c.req.valid("json");
      const agency = await c.var.db
        .insertInto("agencies")
        .values({ code: body.code, name: body.name, province_code: body.provinceCode })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (body.unitId) {
        await c.var.db
          .insertInto("counters")
          .values({ agency_id: agency.id, unit_id: body.unitId, code: "Q1", public_code: uniq(), name: "Quầy 1" })
          .execute();
      }
      return c.json(agency, 201);
    },
  );
  app.get("/api/probe/crash", () => {
    throw new Error("secret internal detail: password=hunter2");
  });
  return app;
}

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(await res.json());
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return appWithProbes().request(
    path,
    { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) },
    testEnv,
  );
}

describe("the one error shape", () => {
  it("answers an unknown API path with a not-found problem", async () => {
    const res = await exports.default.fetch("http://hailong.test/api/khong-co");
    expect(res.status).toBe(404);
    const p = await problemOf(res);
    expect(p).toMatchObject({ type: "/api/problems/not-found", title: "Không tìm thấy", status: 404 });
    expect(res.headers.get("x-request-id")).toBe(p.requestId);
  });

  it("names every invalid field in Vietnamese, with the English alongside", async () => {
    const res = await post("/api/probe/agencies", { code: "x", name: "", provinceCode: 68 });
    expect(res.status).toBe(422);
    const p = await problemOf(res);
    expect(p.type).toBe("/api/problems/validation");
    expect(p.title).toBe("Thông tin chưa hợp lệ");
    const byPath = Object.fromEntries((p.errors ?? []).map((e) => [e.path, e]));
    expect(Object.keys(byPath).sort()).toEqual(["code", "name", "provinceCode"]);
    expect(byPath.name?.message).toBe("Vui lòng nhập thông tin này.");
    expect(byPath.name?.messageEn).toBe("This field is required.");
    // Messages without a key of ours come from zod's Vietnamese locale.
    expect(byPath.provinceCode?.message).toMatch(/không hợp lệ/);
  });

  it("maps a unique violation to a 409 conflict without leaking SQL", async () => {
    const db = testDb();
    const existing = await createAgency(db);
    const res = await post("/api/probe/agencies", { code: existing.code, name: "Sở trùng mã", provinceCode: "68" });
    expect(res.status).toBe(409);
    const p = await problemOf(res);
    expect(p.type).toBe("/api/problems/conflict");
    expect(JSON.stringify(p)).not.toMatch(/duplicate key|INSERT|agencies_code_key.*VALUES/i);
    expect(await db.selectFrom("agencies").where("code", "=", existing.code).select("id").execute()).toHaveLength(1);
  });

  it("maps a missing reference to a 422 and writes nothing", async () => {
    const code = `P${uniq()}`;
    const res = await post("/api/probe/agencies", {
      code,
      name: "Sở thử tham chiếu",
      provinceCode: "68",
      unitId: crypto.randomUUID(),
    });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).type).toBe("/api/problems/invalid-reference");
    const counters = await testDb()
      .selectFrom("counters as c")
      .innerJoin("agencies as a", "a.id", "c.agency_id")
      .where("a.code", "=", code)
      .select("c.id")
      .execute();
    expect(counters).toEqual([]);
  });

  it("refuses a body over the limit with a 413 problem", async () => {
    const res = await post("/api/probe/agencies", { code: "AB", name: "x".repeat(MAX_BODY_BYTES), provinceCode: "68" });
    expect(res.status).toBe(413);
    expect((await problemOf(res)).type).toBe("/api/problems/payload-too-large");
  });

  it("refuses malformed JSON with a 400 problem", async () => {
    const res = await appWithProbes().request(
      "/api/probe/agencies",
      { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" },
      testEnv,
    );
    expect(res.status).toBe(400);
    expect((await problemOf(res)).type).toBe("/api/problems/bad-request");
  });

  it("hides internals on a 500 and keeps the request id for the logs", async () => {
    const res = await appWithProbes().request("/api/probe/crash", {}, testEnv);
    expect(res.status).toBe(500);
    const p = await problemOf(res);
    expect(p.type).toBe("/api/problems/internal");
    expect(JSON.stringify(p)).not.toContain("hunter2");
    expect(p.requestId).toBeTruthy();
  });

  it("sends security headers and no-store on API answers", async () => {
    const res = await exports.default.fetch("http://hailong.test/api/health");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const https = await exports.default.fetch("https://hailong.test/api/health");
    expect(https.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("lists the problem catalogue with both languages", async () => {
    const res = await exports.default.fetch("http://hailong.test/api/problems/validation");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 422, title: { vi: "Thông tin chưa hợp lệ" } });
  });
});
