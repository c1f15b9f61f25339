/**
 * The periodic report as tables, the one layout both files (CSV and XLSX) are written from.
 * Headings are Vietnamese (the report is filed with Vietnamese authorities); dates dd/mm/yyyy;
 * percentages in points with one decimal, blank when there is no data.
 */
import type { PeriodicReport, ProportionDto } from "../../schema/api/dashboard";
import { formatDateVi } from "../lib/calendar/dates";
import { roundHalfUp } from "../lib/indices";

export type Cell = string | number | null;

export interface ReportTable {
  /** Sheet name (≤ 31 characters, Excel's limit) and section heading. */
  name: string;
  header: string[];
  rows: Cell[][];
}

const KIND_VI: Record<string, string> = {
  q1: "Quý I",
  q2: "Quý II",
  q3: "Quý III",
  q4: "Quý IV",
  h1: "6 tháng đầu năm",
  year: "Năm",
};

const STATUS_VI: Record<string, string> = {
  open: "Chưa thực hiện",
  in_progress: "Đang thực hiện",
  done: "Đã hoàn thành",
  cancelled: "Đã hủy",
};

function pct(x: number | null): Cell {
  return x === null ? null : roundHalfUp(x, 1);
}

const SHARE_HEADER = [
  "Số phiếu",
  "Tỷ lệ hài lòng (%)",
  "Khoảng tin cậy 95% – cận dưới (%)",
  "Khoảng tin cậy 95% – cận trên (%)",
];

function shareCells(p: { n: number; value: number | null; low: number | null; high: number | null }): Cell[] {
  return [p.n, pct(p.value), pct(p.low), pct(p.high)];
}

function figure(label: string, p: ProportionDto, unit = "%"): Cell[] {
  return [label, pct(p.value), unit, p.n, pct(p.low), pct(p.high)];
}

export function reportTitle(r: PeriodicReport): string {
  return `Báo cáo kết quả đánh giá sự hài lòng ${KIND_VI[r.kind] ?? r.kind} ${r.year}`;
}

export function reportTables(r: PeriodicReport): ReportTable[] {
  const summary: ReportTable = {
    name: "Tổng hợp",
    header: ["Nội dung", "Giá trị", "Đơn vị", "Số lượng (n)", "Cận dưới 95%", "Cận trên 95%"],
    rows: [
      ["Cơ quan", r.agency.name, null, null, null, null],
      ["Kỳ báo cáo", `${KIND_VI[r.kind] ?? r.kind} ${r.year}`, null, null, null, null],
      ["Từ ngày", formatDateVi(r.period.from), null, null, null, null],
      ["Đến ngày", formatDateVi(r.period.to), null, null, null, null],
      ["Chỉ tiêu hài lòng", r.target.value, "%", null, null, null],
      ["Căn cứ chỉ tiêu", r.target.basis, null, null, null, null],
      figure("Tỷ lệ hài lòng (Hài lòng + Rất hài lòng)", r.satisfaction),
      ["Cỡ mẫu cần thiết (Slovin, e = 5%)", r.sample.required, "phiếu", r.sample.population, null, null],
      ["Đủ cỡ mẫu", r.sample.adequate ? "Có" : "Không", null, null, null, null],
      figure("Tỷ lệ hồ sơ trả kết quả có phiếu đánh giá", r.responseRate),
      figure("Tỷ lệ hồ sơ đúng hạn", r.onTime.share),
      ["Hồ sơ quá hạn", r.onTime.late, "hồ sơ", null, null, null],
      ["Tỷ lệ hài lòng tiếp nhận, giải quyết TTHC (QĐ 766)", pct(r.qd766Tthc.value), "%", null, null, null],
      [
        "Điểm hài lòng TTHC (QĐ 766, tối đa)",
        r.qd766Tthc.points === null ? null : roundHalfUp(r.qd766Tthc.points, 2),
        `điểm / ${r.qd766Tthc.max}`,
        null,
        null,
        null,
      ],
      ...(r.cases
        ? [
            figure("Tỷ lệ PAKN xử lý đúng hạn", r.cases.paknOnTime),
            figure("Tỷ lệ hài lòng xử lý PAKN", r.cases.paknSatisfaction),
          ]
        : []),
      ["Ngày lập", formatDateVi(r.generatedAt.slice(0, 10)), null, null, null, null],
    ],
  };
  const named = (name: string, first: string, rows: PeriodicReport["byUnit"]): ReportTable => ({
    name,
    header: [first, ...SHARE_HEADER],
    rows: rows.map((x) => [x.name, ...shareCells(x)]),
  });
  return [
    summary,
    named("Theo đơn vị", "Đơn vị", r.byUnit),
    named("Theo thủ tục", "Thủ tục hành chính", r.byProcedure),
    named("Theo tháng", "Tháng", r.byMonth),
    {
      name: "Theo yếu tố",
      header: ["Yếu tố", "Số câu trả lời", "Chỉ số (%)", "Cận dưới (%)", "Cận trên (%)"],
      rows: r.elements.map((e) => [e.name, ...shareCells(e)]),
    },
    {
      name: "Theo tiêu chí",
      header: ["Mã", "Tiêu chí", ...SHARE_HEADER, "Bình thường trở xuống"],
      rows: r.criteria.map((c) => [c.code, c.name, ...shareCells(c), c.neutralOrBelow]),
    },
    {
      name: "Chỉ số giải quyết TTHC",
      header: ["Chỉ số", "Điểm (0–2)", "Số hồ sơ"],
      rows: r.indicators.map((i) => [i.name, i.score, i.files]),
    },
    {
      name: "Biện pháp khắc phục",
      header: ["Nội dung", "Đơn vị", "Trạng thái", "Hạn hoàn thành", "Kết quả / minh chứng"],
      rows: r.actions.map((a) => [a.title, a.unit, STATUS_VI[a.status] ?? a.status, formatDateVi(a.dueOn), a.evidence]),
    },
  ];
}
