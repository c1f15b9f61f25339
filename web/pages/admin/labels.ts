import type { z } from "zod";
import type { StaffRoleName } from "../../../schema/api/accounts";
import type { OnlineLevelSchema, ProcessingTimeUnitSchema, UnitKindSchema } from "../../../schema/api/admin";
import type { MessageKey } from "../../i18n";

/** Message keys of the enums the admin pages show. */

export const UNIT_KINDS = [
  "office",
  "inspectorate",
  "division",
  "sub_department",
  "center",
  "one_stop",
  "other",
] as const;

export const UNIT_KIND_KEYS: Record<z.infer<typeof UnitKindSchema>, MessageKey> = {
  office: "admin.unitKind.office",
  inspectorate: "admin.unitKind.inspectorate",
  division: "admin.unitKind.division",
  sub_department: "admin.unitKind.sub_department",
  center: "admin.unitKind.center",
  one_stop: "admin.unitKind.one_stop",
  other: "admin.unitKind.other",
};

export const TIME_UNITS = ["working_days", "calendar_days", "hours", "same_day"] as const;

export const TIME_UNIT_KEYS: Record<z.infer<typeof ProcessingTimeUnitSchema>, MessageKey> = {
  working_days: "admin.timeUnit.working_days",
  calendar_days: "admin.timeUnit.calendar_days",
  hours: "admin.timeUnit.hours",
  same_day: "admin.timeUnit.same_day",
};

export const ONLINE_LEVELS = ["full", "partial", "none"] as const;

export const ONLINE_LEVEL_KEYS: Record<z.infer<typeof OnlineLevelSchema>, MessageKey> = {
  full: "admin.onlineLevel.full",
  partial: "admin.onlineLevel.partial",
  none: "admin.onlineLevel.none",
};

export const ROLES: readonly StaffRoleName[] = ["admin", "manager", "inspector", "counter_officer", "viewer"];
