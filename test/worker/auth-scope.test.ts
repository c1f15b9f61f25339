import { describe, expect, it } from "vitest";
import type { StaffRole } from "../../schema/db/database";
import { assertUnitInScope, canSeeUnit, inUnits, unitScope } from "../../worker/auth/scope";
import { createAgency, createUnit } from "./support/factories";
import { testDb } from "./support/worker-env";

const staff = (role: StaffRole, unitIds: string[] = []) => ({ role, unitIds });

describe("unit scope", () => {
  it("gives the admin every unit, leaders without units every unit, and others only their units", () => {
    expect(unitScope(staff("admin", ["u1"]))).toBe("all");
    expect(unitScope(staff("manager"))).toBe("all");
    expect(unitScope(staff("viewer"))).toBe("all");
    expect(unitScope(staff("manager", ["u1"]))).toEqual(["u1"]);
    expect(unitScope(staff("inspector", ["u1", "u2"]))).toEqual(["u1", "u2"]);
    expect(unitScope(staff("counter_officer"))).toEqual([]);
    expect(canSeeUnit(staff("inspector", ["u1"]), "u2")).toBe(false);
    expect(canSeeUnit(staff("inspector", ["u1"]), null)).toBe(false);
    expect(() => assertUnitInScope(staff("inspector", ["u1"]), "u2")).toThrow();
  });

  it("filters queries with inUnits, together with the agency filter", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const a = await createUnit(db, agency.id);
    const b = await createUnit(db, agency.id);
    const visible = async (who: { role: StaffRole; unitIds: string[] }) =>
      (
        await db
          .selectFrom("units as u")
          .where("u.agency_id", "=", agency.id)
          .where((eb) => inUnits(who, eb, "u.id"))
          .select("u.id")
          .orderBy("u.id")
          .execute()
      ).map((r) => r.id);
    expect(await visible(staff("admin"))).toEqual([a.id, b.id].sort());
    expect(await visible(staff("inspector", [b.id]))).toEqual([b.id]);
    expect(await visible(staff("counter_officer"))).toEqual([]);
  });
});
