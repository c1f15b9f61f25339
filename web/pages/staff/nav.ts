import type { StaffRoleName } from "../../../schema/api/accounts";
import type { MessageKey } from "../../i18n";

/**
 * The staff areas and who sees each in the navigation. Mirrors worker/auth/policy.ts (which
 * decides; hiding a link is only courtesy): cases for CASE_READERS, the dashboard for admin,
 * manager and viewer, administration for the agency admin.
 */
export interface StaffArea {
  href: string;
  key: MessageKey;
  /** One line about the area, on the staff home page. */
  about: MessageKey;
  roles: readonly StaffRoleName[];
}

const ALL: readonly StaffRoleName[] = ["admin", "manager", "inspector", "counter_officer", "viewer"];

export const STAFF_AREAS: readonly StaffArea[] = [
  { href: "/staff", key: "staff.nav.home", about: "staff.nav.home.about", roles: ALL },
  {
    href: "/staff/cases",
    key: "staff.nav.cases",
    about: "staff.nav.cases.about",
    roles: ["admin", "manager", "inspector", "viewer"],
  },
  { href: "/staff/files", key: "staff.nav.files", about: "staff.nav.files.about", roles: ALL },
  {
    href: "/staff/dashboard",
    key: "staff.nav.dashboard",
    about: "staff.nav.dashboard.about",
    roles: ["admin", "manager", "viewer"],
  },
  { href: "/staff/quan-tri", key: "staff.nav.admin", about: "staff.nav.admin.about", roles: ["admin"] },
  { href: "/staff/tai-khoan", key: "staff.nav.account", about: "staff.nav.account.about", roles: ALL },
];

export function areasFor(role: StaffRoleName): StaffArea[] {
  return STAFF_AREAS.filter((a) => a.roles.includes(role));
}

/** The area a path belongs to (the longest matching prefix), for aria-current. */
export function currentArea(path: string): string | undefined {
  let best: string | undefined;
  for (const a of STAFF_AREAS) {
    const matches = path === a.href || path.startsWith(`${a.href}/`);
    if (matches && (!best || a.href.length > best.length)) best = a.href;
  }
  return best;
}

export const ROLE_KEYS: Record<StaffRoleName, MessageKey> = {
  admin: "staff.role.admin",
  manager: "staff.role.manager",
  inspector: "staff.role.inspector",
  counter_officer: "staff.role.counter_officer",
  viewer: "staff.role.viewer",
};
