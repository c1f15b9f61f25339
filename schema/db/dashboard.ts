import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Kysely types of the dashboard tables (migration 2026_11_22_0007_dashboard). */

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A `date` column: written as `YYYY-MM-DD`; select it with to_char to read text back. */
type DateColumn = ColumnType<Date, string, string>;
/** Generated (STORED) columns: read only. */
type ReadOnly<T> = ColumnType<T, never, never>;

/** Answer counts per level of the template's scale, and what is generated from them. */
interface LevelCountColumns {
  scale_levels: 3 | 5;
  n1: Generated<number>;
  n2: Generated<number>;
  n3: Generated<number>;
  n4: Generated<number>;
  n5: Generated<number>;
  n: ReadOnly<number>;
  satisfied: ReadOnly<number>;
  negative: ReadOnly<number>;
  neutral_or_below: ReadOnly<number>;
  score_sum: ReadOnly<number>;
}

/** Overall-question answers per local day × unit × counter × procedure × template × file or not. */
export interface RatingDailyTable extends LevelCountColumns {
  agency_id: string;
  day: DateColumn;
  unit_id: string;
  counter_id: string | null;
  procedure_id: string | null;
  template_id: string;
  has_file: boolean;
}

/** Criterion answers and element scores per local day × unit × template × item. */
export interface RatingItemDailyTable extends LevelCountColumns {
  agency_id: string;
  day: DateColumn;
  unit_id: string;
  template_id: string;
  has_file: boolean;
  item: "criterion" | "element";
  item_id: string;
}

/** Overall-question answers per local day × hour × unit × template (heat map). */
export interface RatingHourlyTable extends LevelCountColumns {
  agency_id: string;
  day: DateColumn;
  hour: number;
  unit_id: string;
  template_id: string;
}

export type CorrectiveActionSource = "criterion" | "follow_up" | "alert" | "other";
export type CorrectiveActionStatus = "open" | "in_progress" | "done" | "cancelled";

/** Biện pháp khắc phục: what a unit does about a low-rated criterion or a low rating. */
export interface CorrectiveActionTable {
  id: Generated<string>;
  agency_id: string;
  unit_id: string;
  title: string;
  description: string | null;
  source: CorrectiveActionSource;
  criterion_id: string | null;
  follow_up_id: string | null;
  owner_id: string | null;
  due_on: DateColumn;
  status: ColumnType<CorrectiveActionStatus, CorrectiveActionStatus | undefined, CorrectiveActionStatus>;
  evidence: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  closed_at: NullableTimestamp;
}

export interface DashboardTables {
  rating_daily: RatingDailyTable;
  rating_item_daily: RatingItemDailyTable;
  rating_hourly: RatingHourlyTable;
  corrective_actions: CorrectiveActionTable;
}

export type CorrectiveActionRow = Selectable<CorrectiveActionTable>;
export type NewCorrectiveAction = Insertable<CorrectiveActionTable>;
export type CorrectiveActionUpdate = Updateable<CorrectiveActionTable>;
