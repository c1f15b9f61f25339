/**
 * Reference data of the working-day calendar and the deadline engine (migration 0002):
 * the official national day-off decisions for 2025–2026 and the national deadline rules of
 * DOMAIN §4 and §3.2. Idempotent: rows already present (or edited by an administrator) are
 * kept, never overwritten.
 *
 * 2027 has no entered row: its days come from the computed rules (worker/lib/calendar/
 * holidays.ts) until the Prime Minister's decision on the Tết Đinh Mùi span and the day next
 * to 2/9/2027 is entered.
 *
 * Imports only Kysely and the schema types, so it runs from Node (seed, `npm start`) and from
 * tests inside workerd.
 */
import type { Kysely } from "kysely";
import type { HolidayGroupColumn, NewCalendarDay, NewDeadlineRule } from "../../schema/db/calendar";
import type { Database } from "../../schema/db/database";

interface DaySpec {
  day: string;
  kind?: "day_off" | "working_day";
  holiday: HolidayGroupColumn | null;
  name: string;
  nameEn: string;
  source: string;
}

const TET_2025 = "Lịch nghỉ Tết Ất Tỵ 2025 của cán bộ, công chức, viên chức do Thủ tướng quyết định [S]";
const MAY_2025 =
  "Hoán đổi ngày làm việc thứ Sáu 02/5/2025 sang thứ Bảy 26/4/2025, Thủ tướng đồng ý (thông báo của Bộ Nội vụ) [S]";
const SEPT_2025 = "Lịch nghỉ Quốc khánh 2025: 30/8–02/9/2025 (thông báo của Bộ Nội vụ) [S]";
const JAN_2026 =
  "Hoán đổi ngày làm việc thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026, Chính phủ đồng ý 25/12/2025 (thông báo của Bộ Nội vụ) [S]";
const CV_8764 = "CV 8764/BNV-CVL 01/10/2025, Thủ tướng đồng ý (CV 9859/VPCP-KGVX 2025) [S]";
const BLLD = "Bộ luật Lao động 45/2019/QH14 Điều 111(3), 112(1) [P]";

function span(from: string, to: string, spec: Omit<DaySpec, "day">, name: (day: string) => string): DaySpec[] {
  const out: DaySpec[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ ...spec, day, name: name(day) });
  }
  return out;
}

const tetName = (label: string) => (day: string) => `Nghỉ Tết Nguyên đán ${label} (${day.slice(8)}/${day.slice(5, 7)})`;

/** Official national day-off decisions (rows with agency_id NULL). */
export const NATIONAL_CALENDAR_DAYS: readonly DaySpec[] = [
  // 2025 — Tết Ất Tỵ: Sat 25/01 (26 Chạp Giáp Thìn) to Sun 02/02/2025 (mùng 5), 9 days.
  ...span(
    "2025-01-25",
    "2025-02-02",
    { holiday: "lunar_new_year", name: "", nameEn: "Lunar New Year holiday (Ất Tỵ)", source: TET_2025 },
    tetName("Ất Tỵ"),
  ),
  // 2025 — 30/4–1/5: Wed 30/04 to Sun 04/05, Fri 02/05 swapped with Sat 26/04.
  {
    day: "2025-04-26",
    kind: "working_day",
    holiday: null,
    name: "Làm việc bù (hoán đổi cho thứ Sáu 02/5/2025)",
    nameEn: "Working Saturday (swapped with Friday 2 May 2025)",
    source: MAY_2025,
  },
  {
    day: "2025-04-30",
    holiday: "victory_day",
    name: "Ngày Chiến thắng (30/4)",
    nameEn: "Victory Day (30 April)",
    source: BLLD,
  },
  {
    day: "2025-05-01",
    holiday: "labour_day",
    name: "Ngày Quốc tế lao động (1/5)",
    nameEn: "International Labour Day (1 May)",
    source: BLLD,
  },
  {
    day: "2025-05-02",
    holiday: "labour_day",
    name: "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)",
    nameEn: "Swapped day off (worked on Saturday 26 April 2025)",
    source: MAY_2025,
  },
  // 2025 — Quốc khánh: Mon 01/09 (adjacent day) and Tue 02/09.
  {
    day: "2025-09-01",
    holiday: "national_day",
    name: "Quốc khánh (ngày liền kề trước)",
    nameEn: "National Day (adjacent day before)",
    source: SEPT_2025,
  },
  {
    day: "2025-09-02",
    holiday: "national_day",
    name: "Quốc khánh (2/9)",
    nameEn: "National Day (2 September)",
    source: SEPT_2025,
  },

  // 2026 — Tết Dương lịch: Thu 01/01 and Fri 02/01 (swapped with Sat 10/01).
  { day: "2026-01-01", holiday: "new_year", name: "Tết Dương lịch", nameEn: "New Year's Day", source: BLLD },
  {
    day: "2026-01-02",
    holiday: "new_year",
    name: "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)",
    nameEn: "Swapped day off (worked on Saturday 10 January 2026)",
    source: JAN_2026,
  },
  {
    day: "2026-01-10",
    kind: "working_day",
    holiday: null,
    name: "Làm việc bù (hoán đổi cho thứ Sáu 02/01/2026)",
    nameEn: "Working Saturday (swapped with Friday 2 January 2026)",
    source: JAN_2026,
  },
  // 2026 — Tết Bính Ngọ: Sat 14/02 (27 Chạp Ất Tỵ) to Sun 22/02/2026 (mùng 6 Tết), 9 days.
  ...span(
    "2026-02-14",
    "2026-02-22",
    { holiday: "lunar_new_year", name: "", nameEn: "Lunar New Year holiday (Bính Ngọ)", source: CV_8764 },
    tetName("Bính Ngọ"),
  ),
  // 2026 — Giỗ Tổ 10/3 âm lịch is Sunday 26/04: compensatory day Monday 27/04 (Art. 111(3)).
  {
    day: "2026-04-26",
    holiday: "hung_kings",
    name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
    nameEn: "Hung Kings' Commemoration Day",
    source: BLLD,
  },
  {
    day: "2026-04-27",
    holiday: "hung_kings",
    name: "Nghỉ bù Giỗ Tổ Hùng Vương",
    nameEn: "Compensatory day off for Hung Kings' Commemoration Day",
    source: BLLD,
  },
  // 2026 — 30/4 (Thu) and 1/5 (Fri) with the weekend: 4 days, 30/04–03/05.
  {
    day: "2026-04-30",
    holiday: "victory_day",
    name: "Ngày Chiến thắng (30/4)",
    nameEn: "Victory Day (30 April)",
    source: BLLD,
  },
  {
    day: "2026-05-01",
    holiday: "labour_day",
    name: "Ngày Quốc tế lao động (1/5)",
    nameEn: "International Labour Day (1 May)",
    source: BLLD,
  },
  {
    day: "2026-05-02",
    holiday: "labour_day",
    name: "Nghỉ cuối tuần dịp 30/4 – 1/5",
    nameEn: "Weekend of the 30 April – 1 May break",
    source: BLLD,
  },
  {
    day: "2026-05-03",
    holiday: "labour_day",
    name: "Nghỉ cuối tuần dịp 30/4 – 1/5",
    nameEn: "Weekend of the 30 April – 1 May break",
    source: BLLD,
  },
  // 2026 — Quốc khánh: Tue 01/09 (adjacent day) and Wed 02/09. Some later reports give a
  // 29/08–02/09 break with Mon 31/08 swapped [U]: enter it here if the decision is confirmed.
  {
    day: "2026-09-01",
    holiday: "national_day",
    name: "Quốc khánh (ngày liền kề trước)",
    nameEn: "National Day (adjacent day before)",
    source: CV_8764,
  },
  {
    day: "2026-09-02",
    holiday: "national_day",
    name: "Quốc khánh (2/9)",
    nameEn: "National Day (2 September)",
    source: CV_8764,
  },
];

type RuleSpec = Omit<NewDeadlineRule, "agency_id" | "id" | "created_at">;

const KN = "Luật Khiếu nại 02/2011/QH13";
const TC = "Luật Tố cáo 25/2018/QH14";
const TCD = "Luật Tiếp công dân 42/2013/QH13 Điều 28";
const QD766 = "Mô tả công thức tính chỉ số QĐ 766/QĐ-TTg (Cổng DVCQG), nhóm 5 [I]";

/** National deadline rules (agency_id NULL), DOMAIN §4 and §3.2. */
export const NATIONAL_DEADLINE_RULES: readonly RuleSpec[] = [
  // Complaints (khiếu nại), first level.
  {
    case_kind: "complaint",
    step: "accept",
    period: 10,
    day_type: "working",
    legal_basis: `${KN} Điều 27 ("10 ngày"); TT 07/2013/TT-TTCP Điều 5 (sửa đổi 2016): "10 ngày làm việc"`,
    confidence: "P",
    valid_from: "2012-07-01",
    valid_to: "2026-06-30",
    note: "Thụ lý khiếu nại lần đầu. The law says ngày; the circular reads ngày làm việc.",
  },
  {
    case_kind: "complaint",
    step: "accept",
    period: 7,
    day_type: "working",
    legal_basis: "ND 155/2026/NĐ-CP sửa đổi ND 124/2020/NĐ-CP Điều 16: 07 ngày làm việc (chưa đối chiếu Công báo)",
    confidence: "S",
    valid_from: "2026-07-01",
    note: "Thụ lý khiếu nại from 01/07/2026.",
  },
  {
    case_kind: "complaint",
    step: "resolve",
    period: 30,
    day_type: "calendar",
    legal_basis: `${KN} Điều 28: không quá 30 ngày kể từ ngày thụ lý`,
    confidence: "P",
    valid_from: "2012-07-01",
  },
  {
    case_kind: "complaint",
    step: "resolve_complex",
    period: 45,
    day_type: "calendar",
    legal_basis: `${KN} Điều 28: vụ việc phức tạp không quá 45 ngày`,
    confidence: "P",
    valid_from: "2012-07-01",
  },
  {
    case_kind: "complaint",
    step: "resolve_remote",
    period: 45,
    day_type: "calendar",
    legal_basis: `${KN} Điều 28: vùng sâu, vùng xa đi lại khó khăn không quá 45 ngày`,
    confidence: "P",
    valid_from: "2012-07-01",
  },
  {
    case_kind: "complaint",
    step: "resolve_remote_complex",
    period: 60,
    day_type: "calendar",
    legal_basis: `${KN} Điều 28: vùng sâu, vùng xa, vụ việc phức tạp không quá 60 ngày`,
    confidence: "P",
    valid_from: "2012-07-01",
  },
  {
    case_kind: "complaint",
    step: "send_decision",
    period: 3,
    day_type: "working",
    legal_basis: "TT 07/2013/TT-TTCP: gửi quyết định giải quyết khiếu nại trong 03 ngày làm việc",
    confidence: "P",
    valid_from: "2012-07-01",
  },
  // Complaints, second level. Re-check against Luật 136/2025/QH15 [U].
  {
    case_kind: "complaint",
    step: "accept_second",
    period: 10,
    day_type: "working",
    legal_basis: `${KN} Điều 36 ("10 ngày"), read as ngày làm việc like the first level`,
    confidence: "U",
    valid_from: "2012-07-01",
    valid_to: "2026-06-30",
  },
  {
    case_kind: "complaint",
    step: "accept_second",
    period: 7,
    day_type: "working",
    legal_basis: "ND 155/2026/NĐ-CP (ND 124/2020 Điều 16 covers thụ lý at both levels — reading, not verified)",
    confidence: "U",
    valid_from: "2026-07-01",
  },
  {
    case_kind: "complaint",
    step: "resolve_second",
    period: 45,
    day_type: "calendar",
    legal_basis: `${KN} Điều 37: không quá 45 ngày kể từ ngày thụ lý`,
    confidence: "P",
    valid_from: "2012-07-01",
  },
  {
    case_kind: "complaint",
    step: "resolve_second_complex",
    period: 60,
    day_type: "calendar",
    legal_basis: `${KN} Điều 37: vụ việc phức tạp không quá 60 ngày`,
    confidence: "P",
    valid_from: "2012-07-01",
  },
  // Denunciations (tố cáo).
  {
    case_kind: "denunciation",
    step: "initial_processing",
    period: 7,
    day_type: "working",
    legal_basis: `${TC} Điều 24(1): vào sổ, phân loại, kiểm tra trong 07 ngày làm việc`,
    confidence: "P",
    valid_from: "2019-01-01",
  },
  {
    case_kind: "denunciation",
    step: "initial_processing_extended",
    period: 10,
    day_type: "working",
    legal_basis: `${TC} Điều 24(1): kéo dài đến 10 ngày làm việc khi cần kiểm tra, xác minh tại nhiều địa điểm`,
    confidence: "P",
    valid_from: "2019-01-01",
  },
  {
    case_kind: "denunciation",
    step: "forward",
    period: 5,
    day_type: "working",
    legal_basis: `${TC} Điều 24(2): chuyển đến cơ quan có thẩm quyền trong 05 ngày làm việc`,
    confidence: "P",
    valid_from: "2019-01-01",
  },
  {
    case_kind: "denunciation",
    step: "resolve",
    period: 30,
    day_type: "calendar",
    legal_basis: `${TC} Điều 30: không quá 30 ngày kể từ ngày thụ lý`,
    confidence: "P",
    valid_from: "2019-01-01",
  },
  {
    case_kind: "denunciation",
    step: "extend",
    period: 30,
    day_type: "calendar",
    legal_basis: `${TC} Điều 30: gia hạn một lần (phức tạp) hoặc hai lần (đặc biệt phức tạp), mỗi lần không quá 30 ngày`,
    confidence: "P",
    max_times: 2,
    valid_from: "2019-01-01",
    note: "Counted from the current due date.",
  },
  // Petitions (phản ánh, kiến nghị).
  {
    case_kind: "petition",
    step: "forward",
    period: 5,
    day_type: "working",
    legal_basis: "ND 20/2008/NĐ-CP Điều 9 (sửa đổi bởi ND 92/2017/NĐ-CP): chuyển trong 05 ngày làm việc",
    confidence: "P",
    valid_from: "2008-03-01",
    note: "valid_from is approximate (ND 20/2008 effective date not checked) [U].",
  },
  {
    case_kind: "petition",
    step: "reject",
    period: 2,
    day_type: "working",
    legal_basis: `${QD766}: từ chối tiếp nhận trong 02 ngày làm việc`,
    confidence: "I",
    valid_from: "2022-06-23",
  },
  {
    case_kind: "petition",
    step: "answer",
    period: 15,
    day_type: "working",
    legal_basis: `${QD766}: trả lời trong 15 ngày làm việc (ND 20/2008 không quy định thời hạn chung)`,
    confidence: "I",
    valid_from: "2022-06-23",
  },
  {
    case_kind: "petition",
    step: "publish",
    period: 2,
    day_type: "working",
    legal_basis: `${QD766}: công khai trong 02 ngày làm việc; QĐ 31/2021/QĐ-TTg Điều 46`,
    confidence: "I",
    valid_from: "2022-06-23",
  },
  // Citizen reception (tiếp công dân): the answer to a petition, complaint or denunciation
  // received in person.
  ...(["petition", "complaint", "denunciation"] as const).map(
    (kind): RuleSpec => ({
      case_kind: kind,
      step: "reception_answer",
      period: 10,
      day_type: "working",
      legal_basis: `${TCD}: trả lời trong 10 ngày làm việc kể từ ngày nhận được`,
      confidence: "P",
      valid_from: "2014-07-01",
    }),
  ),
];

/**
 * Inserts the national calendar days of 2025–2026 and the national deadline rules. Safe to run
 * again: existing rows (same day, or an overlapping rule) are left as they are. Returns how many
 * rows were inserted now.
 */
export async function seedCalendarReference(
  db: Kysely<Database>,
): Promise<{ calendarDays: number; deadlineRules: number }> {
  const days: NewCalendarDay[] = NATIONAL_CALENDAR_DAYS.map((d) => ({
    agency_id: null,
    day: d.day,
    kind: d.kind ?? "day_off",
    holiday: d.holiday,
    name: d.name,
    name_en: d.nameEn,
    source: d.source,
  }));
  const insertedDays = await db
    .insertInto("calendar_days")
    .values(days)
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .execute();
  // ON CONFLICT DO NOTHING without a target also skips rows that the exclusion constraint
  // (deadline_rules_no_overlap) refuses.
  const insertedRules = await db
    .insertInto("deadline_rules")
    .values(NATIONAL_DEADLINE_RULES.map((r) => ({ ...r, agency_id: null })))
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .execute();
  return { calendarDays: insertedDays.length, deadlineRules: insertedRules.length };
}
