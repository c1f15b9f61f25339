import type { Migration } from "kysely";
import * as m0001 from "./2026_11_22_0001_core";
import * as m0002 from "./2026_11_22_0002_calendar";
import * as m0003 from "./2026_11_22_0003_accounts";
import * as m0004 from "./2026_11_22_0004_ratings";
import * as m0005 from "./2026_11_22_0005_cases";
import * as m0006 from "./2026_11_22_0006_files";
import * as m0007 from "./2026_11_22_0007_dashboard";
import * as m0008 from "./2026_11_22_0008_ratings_speed";
import * as m0009 from "./2026_11_22_0009_dashboard_scale";

/**
 * Every migration, by name. Names sort in the order they apply. A static list (not a folder
 * scan) so that the same migrator runs from Node and from tests inside workerd.
 */
export const migrations: Record<string, Migration> = {
  "2026_11_22_0001_core": m0001,
  "2026_11_22_0002_calendar": m0002,
  "2026_11_22_0003_accounts": m0003,
  "2026_11_22_0004_ratings": m0004,
  "2026_11_22_0005_cases": m0005,
  "2026_11_22_0006_files": m0006,
  "2026_11_22_0007_dashboard": m0007,
  "2026_11_22_0008_ratings_speed": m0008,
  "2026_11_22_0009_dashboard_scale": m0009,
};
