import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { HealthSchema } from "../../schema/api/health";
import { latestMigration } from "../../schema/migrate";

describe("GET /api/health", () => {
  it("reports the database reachable and the schema at the newest migration", async () => {
    const res = await exports.default.fetch("http://hailong.test/api/health");
    expect(res.status).toBe(200);
    const body = HealthSchema.parse(await res.json());
    expect(body.status).toBe("ok");
    expect(body.database.reachable).toBe(true);
    expect(body.schema).toEqual({ applied: latestMigration, expected: latestMigration, upToDate: true });
  });
});
