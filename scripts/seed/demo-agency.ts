/**
 * The demo agency: a Sở Khoa học và Công nghệ (department of science and technology) of Lâm Đồng
 * province, with the units a real Sở KH&CN has (the departmental plans in the project name the
 * same ones), a one-stop desk at the provincial public-administration service centre, three
 * counters and a handful of staff.
 *
 * Every person, phone number and e-mail address here is FICTIONAL. E-mail addresses use the
 * reserved `.test` top-level domain so that no demo message can reach a real mailbox.
 */
import type { StaffRole, UnitKind } from "../../schema/db/database";

/**
 * Agency identifier in the style of the national identifier codes used in file codes
 * (`V1V2V3.Z1Z2.Y1Y2.MX1X2`, TT 01/2018/TT-VPCP Art. 19; DOMAIN §8.2). ILLUSTRATIVE: the real
 * code of Sở KH&CN Lâm Đồng in the QCVN 102:2016 list was not verified.
 */
export const DEMO_AGENCY_CODE = "000.00.15.H68";

/** Unit codes the settings refer to (routing of cases). */
export const UNIT = {
  office: "VP",
  inspectorate: "TTRA",
  planning: "KHTC",
  sectoral: "QLCN",
  science: "QLKH",
  standards: "CCTDC",
  center: "TTUD",
  oneStop: "MOTCUA",
} as const;

export type UnitCode = (typeof UNIT)[keyof typeof UNIT];

export const DEMO_AGENCY = {
  code: DEMO_AGENCY_CODE,
  name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng",
  shortName: "Sở KH&CN Lâm Đồng",
  // Lâm Đồng keeps province code 68 after the 2025 merger (QĐ 19/2025/QĐ-TTg; DOMAIN §8.3).
  provinceCode: "68",
  // Illustrative address; after 01/7/2025 there is no district level (DOMAIN §8.3).
  address: "Số 35 Trần Hưng Đạo, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
  hotline: "0263 3800 115",
  email: "vanphong@sokhcn.lamdong.test",
  website: "https://sokhcn.lamdong.gov.vn",
  satisfactionTarget: 95,
} as const;

/**
 * `agencies.settings` of the demo agency.
 * - `leaders`: the plans require leaders' phone numbers and e-mail addresses to be public
 *   ("Công khai số điện thoại, hòm thư điện tử của Lãnh đạo Sở").
 * - `calendar.officeHours`: office periods and the same-day cut-off used by deadline computations.
 * - `caseRouting`: which unit receives each kind of case. Since 01/7/2025 the Luật Thanh tra
 *   84/2025/QH15 organises inspection at two levels (Thanh tra Chính phủ, Thanh tra tỉnh) and no
 *   longer provides for a Thanh tra Sở; the Giám đốc Sở keeps the competence to resolve
 *   complaints and denunciations (Luật Khiếu nại Art. 20, Luật Tố cáo Art. 13). The recipient is
 *   therefore a setting, not a rule: the demo keeps the unit still named "Thanh tra Sở" in older
 *   organisation charts, and an agency changes it to the unit its Giám đốc designates.
 */
export const DEMO_SETTINGS = {
  leaders: [
    {
      title: "Giám đốc Sở",
      titleEn: "Director",
      name: "Nguyễn Văn Thành",
      phone: "0263 3800 101",
      email: "giamdoc@sokhcn.lamdong.test",
    },
    {
      title: "Phó Giám đốc Sở",
      titleEn: "Deputy Director",
      name: "Trần Thị Bích Ngọc",
      phone: "0263 3800 102",
      email: "pgd.ngoc@sokhcn.lamdong.test",
    },
    {
      title: "Phó Giám đốc Sở",
      titleEn: "Deputy Director",
      name: "Lê Hoàng Phúc",
      phone: "0263 3800 103",
      email: "pgd.phuc@sokhcn.lamdong.test",
    },
  ],
  caseRouting: {
    petition: { unitCode: UNIT.office },
    complaint: { unitCode: UNIT.inspectorate },
    denunciation: { unitCode: UNIT.inspectorate },
    note:
      "Luật Thanh tra số 84/2025/QH15 (hiệu lực 01/7/2025) không còn quy định Thanh tra sở; " +
      "Giám đốc Sở vẫn có thẩm quyền giải quyết khiếu nại, tố cáo. Đơn vị tham mưu do Giám đốc Sở phân công.",
  },
  // Read by the calendar work (worker/calendar): the seed receives files only inside these periods.
  calendar: {
    officeHours: {
      periods: [
        { start: "07:30", end: "11:30" },
        { start: "13:30", end: "17:00" },
      ],
      sameDayCutoff: "15:00",
      offHoursReceipt: "next_working_day",
    },
  },
  citizenReception: {
    schedule: "Giám đốc Sở tiếp công dân định kỳ vào ngày thứ Năm tuần thứ hai hằng tháng",
    scheduleEn: "The Director receives citizens on the second Thursday of each month",
    basis: "Luật Tiếp công dân 42/2013/QH13, Điều 18",
  },
  demo: true,
} as const;

export interface DemoUnit {
  code: UnitCode;
  name: string;
  kind: UnitKind;
  parent?: UnitCode;
}

export const DEMO_UNITS: readonly DemoUnit[] = [
  { code: UNIT.office, name: "Văn phòng Sở", kind: "office" },
  { code: UNIT.inspectorate, name: "Thanh tra Sở", kind: "inspectorate" },
  { code: UNIT.planning, name: "Phòng Kế hoạch – Tài chính", kind: "division" },
  { code: UNIT.sectoral, name: "Phòng Quản lý chuyên ngành", kind: "division" },
  { code: UNIT.science, name: "Phòng Quản lý khoa học", kind: "division" },
  { code: UNIT.standards, name: "Chi cục Tiêu chuẩn Đo lường Chất lượng", kind: "sub_department" },
  { code: UNIT.center, name: "Trung tâm Ứng dụng khoa học và công nghệ", kind: "center" },
  {
    code: UNIT.oneStop,
    name: "Bộ phận Một cửa tại Trung tâm Phục vụ hành chính công tỉnh",
    kind: "one_stop",
    parent: UNIT.office,
  },
];

export interface DemoCounter {
  code: string;
  name: string;
  /** Fixed and readable: the printed QR URLs stay the same on every machine. */
  publicCode: string;
  location: string;
  surveyKind: "sipas" | "quick";
}

export const DEMO_COUNTERS: readonly DemoCounter[] = [
  {
    code: "Q1",
    name: "Quầy số 1",
    publicCode: "khcn68quay1",
    location: "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng, khu vực Sở Khoa học và Công nghệ, quầy số 1",
    surveyKind: "quick",
  },
  {
    code: "Q2",
    name: "Quầy số 2",
    publicCode: "khcn68quay2",
    location: "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng, khu vực Sở Khoa học và Công nghệ, quầy số 2",
    surveyKind: "quick",
  },
  {
    code: "Q3",
    name: "Quầy số 3",
    publicCode: "khcn68quay3",
    location: "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng, khu vực Sở Khoa học và Công nghệ, quầy số 3",
    surveyKind: "sipas",
  },
];

export interface DemoStaff {
  username: string;
  fullName: string;
  role: StaffRole;
  units: readonly UnitCode[];
}

/** Demo staff (fictional names). Passwords are set by the accounts work, never here. */
export const DEMO_STAFF: readonly DemoStaff[] = [
  { username: "khcn68.quantri", fullName: "Trần Minh Quân", role: "admin", units: [UNIT.office] },
  {
    username: "khcn68.thuha",
    fullName: "Nguyễn Thị Thu Hà",
    role: "manager",
    units: [UNIT.office, UNIT.oneStop],
  },
  { username: "khcn68.vanhung", fullName: "Lê Văn Hùng", role: "inspector", units: [UNIT.inspectorate] },
  { username: "khcn68.hongnhung", fullName: "Phạm Thị Hồng Nhung", role: "inspector", units: [UNIT.inspectorate] },
  { username: "khcn68.maianh", fullName: "Đặng Thị Mai Anh", role: "counter_officer", units: [UNIT.oneStop] },
  { username: "khcn68.vantuan", fullName: "Hoàng Văn Tuấn", role: "counter_officer", units: [UNIT.oneStop] },
  { username: "khcn68.ngoclan", fullName: "Vũ Thị Ngọc Lan", role: "counter_officer", units: [UNIT.oneStop] },
  { username: "khcn68.quanghuy", fullName: "Bùi Quang Huy", role: "viewer", units: [UNIT.planning] },
];

export function staffEmail(username: string): string {
  return `${username.replace(/^khcn68\./, "")}@sokhcn.lamdong.test`;
}
