import type { Migration } from "kysely";
import * as m0001 from "./2026_11_22_0001_core";

/**
 * Every migration, by name. Names sort in the order they apply. A static list (not a folder
 * scan) so that the same migrator runs from Node and from tests inside workerd.
 */
export const migrations: Record<string, Migration> = {
  "2026_11_22_0001_core": m0001,
};
