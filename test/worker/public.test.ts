import { exports } from "cloudflare:workers";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { ProblemSchema } from "../../schema/api/problem";
import { PublicCounterSchema } from "../../schema/api/public";
import { createWorld } from "./support/factories";
import { testDb } from "./support/worker-env";

describe("GET /api/public/counters/:publicCode", () => {
  it("shows the citizen the counter, its agency's public contacts and leaders, and its survey", async () => {
    const db = testDb();
    const { agency, counter, template } = await createWorld(db);
    await db
      .updateTable("agencies")
      .set({
        settings: sql<string>`${JSON.stringify({
          leaders: [{ title: "Giám đốc Sở", name: "Nguyễn Văn Thành", phone: "0263 3800 101", email: null }],
        })}::text::jsonb`,
      })
      .where("id", "=", agency.id)
      .execute();
    const res = await exports.default.fetch(`http://hailong.test/api/public/counters/${counter.public_code}`);
    expect(res.status).toBe(200);
    const body = PublicCounterSchema.parse(await res.json());
    expect(body.agency).toMatchObject({ code: agency.code, name: agency.name, hotline: "0263 3822 000" });
    expect(body.agency.satisfactionTarget).toBe(95);
    // The plans require the leaders' phone numbers and e-mail addresses public.
    expect(body.agency.leaders).toEqual([
      { title: "Giám đốc Sở", name: "Nguyễn Văn Thành", phone: "0263 3800 101", email: null },
    ]);
    expect(body.survey).toMatchObject({ id: template.id, kind: "quick", version: 1 });
  });

  it("answers an unknown counter with a Vietnamese not-found problem", async () => {
    const res = await exports.default.fetch("http://hailong.test/api/public/counters/khongcoquaynay");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.type).toBe("/api/problems/not-found");
    expect(problem.lang).toBe("vi");
    expect(problem.detail).toContain("quét lại mã QR");
    expect(problem.i18n?.en.detail).toContain("scan the QR code");
  });

  it("refuses a malformed code with a 422 naming the field, in English when asked", async () => {
    const res = await exports.default.fetch("http://hailong.test/api/public/counters/AB", {
      headers: { "accept-language": "en-GB,en;q=0.9" },
    });
    expect(res.status).toBe(422);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.lang).toBe("en");
    expect(problem.errors).toEqual([
      { path: "publicCode", message: "The code is not in the expected format.", messageEn: expect.any(String) },
    ]);
  });
});
