import type { Context } from "hono";
import type { StaffRole } from "../../schema/db/database";
import { ProblemError } from "../problems";

/** The signed-in staff member of a request, set by the session middleware as `c.var.staff`. */
export interface Staff {
  id: string;
  agencyId: string;
  role: StaffRole;
  /** Units (phòng / đơn vị) the account is scoped to; see `unitScope` for what empty means. */
  unitIds: string[];
  fullName: string;
  username: string;
  sessionId: string;
  mustChangePassword: boolean;
}

export const STAFF_ROLES = [
  "admin",
  "manager",
  "inspector",
  "counter_officer",
  "viewer",
] as const satisfies readonly StaffRole[];

/** The signed-in staff member; throws 401 when a route is reached without the session middleware. */
export function currentStaff(c: Context): Staff {
  const staff = c.get("staff") as Staff | undefined;
  if (!staff) throw new ProblemError("unauthorized");
  return staff;
}

/** How an audit entry names the person who acted. */
export function auditActor(staff: Pick<Staff, "id" | "fullName" | "username">): {
  actorId: string;
  actorLabel: string;
} {
  return { actorId: staff.id, actorLabel: `${staff.fullName} (${staff.username})` };
}
