/**
 * What part of an agency a staff member sees. Tenant isolation is absolute: every staff query
 * filters by `staff.agencyId`. Within the agency:
 * - admin sees every unit;
 * - manager and viewer with no unit assigned see every unit (an agency leader); with units
 *   assigned, only those;
 * - inspector and counter_officer see only their units (none assigned: nothing).
 */
import { type Expression, type ExpressionBuilder, type ReferenceExpression, type SqlBool, sql } from "kysely";
import { ProblemError } from "../problems";
import type { Staff } from "./staff";

export type UnitScope = "all" | readonly string[];

export function unitScope(staff: Pick<Staff, "role" | "unitIds">): UnitScope {
  if (staff.role === "admin") return "all";
  if ((staff.role === "manager" || staff.role === "viewer") && staff.unitIds.length === 0) return "all";
  return staff.unitIds;
}

/**
 * A WHERE condition keeping rows of the staff member's units, for a unit id column:
 * `.where((eb) => inUnits(staff, eb, "c.handling_unit_id"))`. Combine it with
 * `.where("c.agency_id", "=", staff.agencyId)`: this helper does not check the agency.
 */
export function inUnits<DB, TB extends keyof DB>(
  staff: Pick<Staff, "role" | "unitIds">,
  eb: ExpressionBuilder<DB, TB>,
  column: ReferenceExpression<DB, TB>,
): Expression<SqlBool> {
  const scope = unitScope(staff);
  if (scope === "all") return sql<SqlBool>`true`;
  if (scope.length === 0) return sql<SqlBool>`false`;
  return eb(column, "in", [...scope] as never);
}

/** True when the unit is within the staff member's scope. */
export function canSeeUnit(staff: Pick<Staff, "role" | "unitIds">, unitId: string | null): boolean {
  const scope = unitScope(staff);
  if (scope === "all") return true;
  return unitId !== null && scope.includes(unitId);
}

/**
 * Throws 404 (not 403: the row's existence is not revealed) when a row found in the agency
 * belongs to a unit outside the staff member's scope.
 */
export function assertUnitInScope(staff: Pick<Staff, "role" | "unitIds">, unitId: string | null): void {
  if (!canSeeUnit(staff, unitId)) throw new ProblemError("not-found");
}
