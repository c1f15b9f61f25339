/**
 * Administrative procedures (thủ tục hành chính) of a Sở KH&CN used by the demo, with national
 * TTHC codes (format D.DDDDDD, DOMAIN §8.1), the legal processing time and its unit.
 *
 * VERIFIED codes (name and code seen together on a provincial public-service portal, 2025–2026):
 *   2.002131 Khai báo thiết bị X-quang chẩn đoán trong y tế (dichvucong.tiengiang.gov.vn, 5 ngày làm việc)
 *   1.000173 Cấp và cấp lại chứng chỉ nhân viên bức xạ (người phụ trách an toàn cơ sở X-quang…)
 *            (dichvucong.tiengiang.gov.vn, 10 ngày làm việc, lệ phí 200.000 đồng)
 *   1.014393 Công nhận trung tâm nghiên cứu và phát triển (dichvucong.laocai.gov.vn, 30 ngày làm việc)
 *   1.014431 Công nhận trung tâm hỗ trợ khởi nghiệp sáng tạo cấp tỉnh (dichvucong.laocai.gov.vn)
 *   2.002711 Đánh giá, nghiệm thu nhiệm vụ cấp tỉnh sử dụng ngân sách nhà nước
 *            (dichvucong.laocai.gov.vn; the portal states no fixed time: 30 ngày làm việc is illustrative)
 *   2.002249 Cấp Giấy chứng nhận đăng ký gia hạn, sửa đổi, bổ sung nội dung chuyển giao công nghệ
 *            (hanhchinhcong.kontum.gov.vn)
 * UNVERIFIED [U]: every other code below keeps the national format but was NOT confirmed against
 * the national TTHC database; the names are real procedures of a Sở KH&CN, and processing times
 * marked [U] are illustrative. A real deployment imports its list from the province's
 * procedure-publication decision (quyết định công bố TTHC).
 */
import type { ProcessingTimeUnit } from "../../schema/db/database";
import { UNIT, type UnitCode } from "./demo-agency";

export const FIELD = {
  science: "Hoạt động khoa học và công nghệ",
  radiation: "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân",
  standards: "Tiêu chuẩn đo lường chất lượng",
  ip: "Sở hữu trí tuệ",
  transfer: "Chuyển giao công nghệ",
} as const;

export interface DemoProcedure {
  code: string;
  name: string;
  field: string;
  unit: UnitCode;
  time: number;
  timeUnit: ProcessingTimeUnit;
  online: "full" | "partial" | "none";
  fee: string | null;
  /** Relative share of the demo's files. */
  weight: number;
  verified: boolean;
}

export const DEMO_PROCEDURES: readonly DemoProcedure[] = [
  // Năng lượng nguyên tử, an toàn bức xạ và hạt nhân: Phòng Quản lý chuyên ngành
  {
    code: "2.002131",
    name: "Khai báo thiết bị X-quang chẩn đoán trong y tế",
    field: FIELD.radiation,
    unit: UNIT.sectoral,
    time: 5,
    timeUnit: "working_days",
    online: "full",
    fee: "Không",
    weight: 6,
    verified: true,
  },
  {
    code: "1.000173",
    name: "Cấp và cấp lại chứng chỉ nhân viên bức xạ (người phụ trách an toàn cơ sở X-quang chẩn đoán trong y tế)",
    field: FIELD.radiation,
    unit: UNIT.sectoral,
    time: 10,
    timeUnit: "working_days",
    online: "full",
    fee: "Lệ phí 200.000 đồng/chứng chỉ",
    weight: 4,
    verified: true,
  },
  {
    code: "1.000176",
    name: "Cấp giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán trong y tế)",
    field: FIELD.radiation,
    unit: UNIT.sectoral,
    time: 25,
    timeUnit: "calendar_days", // [U] "25 ngày" as on the national portal for the renewal
    online: "full",
    fee: "Phí thẩm định theo Thông tư 287/2016/TT-BTC",
    weight: 5,
    verified: false,
  },
  {
    code: "1.000179",
    name: "Gia hạn giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán trong y tế)",
    field: FIELD.radiation,
    unit: UNIT.sectoral,
    time: 25,
    timeUnit: "calendar_days", // the national portal shows "25 Ngày" [S]
    online: "full",
    fee: "75% phí thẩm định cấp giấy phép mới",
    weight: 4,
    verified: false,
  },
  {
    code: "1.000182",
    name: "Sửa đổi, bổ sung giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán trong y tế)",
    field: FIELD.radiation,
    unit: UNIT.sectoral,
    time: 10,
    timeUnit: "working_days",
    online: "full",
    fee: "Theo Thông tư 287/2016/TT-BTC",
    weight: 1.5,
    verified: false,
  },
  {
    code: "1.000185",
    name: "Cấp lại giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán trong y tế)",
    field: FIELD.radiation,
    unit: UNIT.sectoral,
    time: 10,
    timeUnit: "working_days",
    online: "full",
    fee: "Theo Thông tư 287/2016/TT-BTC",
    weight: 0.8,
    verified: false,
  },
  {
    code: "2.002133",
    name: "Phê duyệt kế hoạch ứng phó sự cố bức xạ, hạt nhân cấp cơ sở (đối với công việc sử dụng thiết bị X-quang chẩn đoán trong y tế)",
    field: FIELD.radiation,
    unit: UNIT.sectoral,
    time: 10,
    timeUnit: "working_days",
    online: "full",
    fee: "Không",
    weight: 1.5,
    verified: false,
  },
  // Tiêu chuẩn đo lường chất lượng: Chi cục Tiêu chuẩn Đo lường Chất lượng
  {
    code: "1.001225",
    name: "Tiếp nhận hồ sơ công bố hợp quy đối với sản phẩm, hàng hóa thuộc trách nhiệm quản lý của Bộ Khoa học và Công nghệ",
    field: FIELD.standards,
    unit: UNIT.standards,
    time: 3,
    timeUnit: "working_days", // [U]
    online: "full",
    fee: "Lệ phí 150.000 đồng/giấy",
    weight: 10,
    verified: false,
  },
  {
    code: "1.001252",
    name: "Kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu thuộc trách nhiệm quản lý của Bộ Khoa học và Công nghệ",
    field: FIELD.standards,
    unit: UNIT.standards,
    time: 8,
    timeUnit: "hours", // [U] 01 ngày làm việc, counted as 8 office hours
    online: "full",
    fee: "Không",
    weight: 9,
    verified: false,
  },
  {
    code: "1.001276",
    name: "Đăng ký công bố sử dụng dấu định lượng trên nhãn hàng đóng gói sẵn",
    field: FIELD.standards,
    unit: UNIT.standards,
    time: 5,
    timeUnit: "working_days",
    online: "partial",
    fee: "Không",
    weight: 4,
    verified: false,
  },
  {
    code: "1.001281",
    name: "Điều chỉnh nội dung bản công bố sử dụng dấu định lượng",
    field: FIELD.standards,
    unit: UNIT.standards,
    time: 5,
    timeUnit: "working_days", // the national portal shows 05 ngày làm việc [S]
    online: "partial",
    fee: "Không",
    weight: 1.5,
    verified: false,
  },
  {
    code: "1.001303",
    name: "Kiểm tra nhà nước về đo lường đối với lượng của hàng đóng gói sẵn nhập khẩu",
    field: FIELD.standards,
    unit: UNIT.standards,
    time: 0,
    timeUnit: "same_day", // [U] illustrative: returned the same working day, next day after 15:00
    online: "partial",
    fee: "Không",
    weight: 3,
    verified: false,
  },
  {
    code: "1.001320",
    name: "Chứng nhận chuẩn đo lường để kiểm định, hiệu chuẩn, thử nghiệm phương tiện đo nhóm 2",
    field: FIELD.standards,
    unit: UNIT.standards,
    time: 5,
    timeUnit: "working_days", // [U]
    online: "partial",
    fee: "Lệ phí 100.000 đồng/giấy",
    weight: 1,
    verified: false,
  },
  {
    code: "2.001501",
    name: "Đăng ký tham dự sơ tuyển, xét tặng Giải thưởng Chất lượng quốc gia",
    field: FIELD.standards,
    unit: UNIT.standards,
    time: 30,
    timeUnit: "calendar_days", // [U]
    online: "none",
    fee: "Không",
    weight: 0.2,
    verified: false,
  },
  // Hoạt động khoa học và công nghệ: Phòng Quản lý khoa học
  {
    code: "1.014393",
    name: "Công nhận trung tâm nghiên cứu và phát triển",
    field: FIELD.science,
    unit: UNIT.science,
    time: 30,
    timeUnit: "working_days",
    online: "full",
    fee: "Không",
    weight: 0.3,
    verified: true,
  },
  {
    code: "1.014431",
    name: "Công nhận trung tâm hỗ trợ khởi nghiệp sáng tạo cấp tỉnh",
    field: FIELD.science,
    unit: UNIT.science,
    time: 15,
    timeUnit: "calendar_days", // 15 ngày from a valid file (portal text)
    online: "full",
    fee: "Không",
    weight: 0.3,
    verified: true,
  },
  {
    code: "2.002711",
    name: "Đánh giá, nghiệm thu nhiệm vụ khoa học và công nghệ cấp tỉnh sử dụng ngân sách nhà nước",
    field: FIELD.science,
    unit: UNIT.science,
    time: 30,
    timeUnit: "working_days", // the portal says "Không quy định": illustrative
    online: "partial",
    fee: "Không",
    weight: 0.8,
    verified: true,
  },
  {
    code: "1.003588",
    name: "Cấp Giấy chứng nhận đăng ký hoạt động lần đầu cho tổ chức khoa học và công nghệ",
    field: FIELD.science,
    unit: UNIT.science,
    time: 15,
    timeUnit: "working_days", // [U]
    online: "partial",
    fee: "Phí thẩm định theo Thông tư 298/2016/TT-BTC",
    weight: 1,
    verified: false,
  },
  {
    code: "1.003611",
    name: "Cấp Giấy chứng nhận đăng ký thay đổi, bổ sung hoạt động khoa học và công nghệ",
    field: FIELD.science,
    unit: UNIT.science,
    time: 10,
    timeUnit: "working_days", // [U]
    online: "partial",
    fee: "Phí thẩm định theo Thông tư 298/2016/TT-BTC",
    weight: 1,
    verified: false,
  },
  {
    code: "1.003625",
    name: "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ không sử dụng ngân sách nhà nước",
    field: FIELD.science,
    unit: UNIT.science,
    time: 7,
    timeUnit: "working_days", // [U]
    online: "partial",
    fee: "Không",
    weight: 0.6,
    verified: false,
  },
  {
    code: "1.003640",
    name: "Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ",
    field: FIELD.science,
    unit: UNIT.science,
    time: 7,
    timeUnit: "working_days", // [U]
    online: "partial",
    fee: "Không",
    weight: 0.5,
    verified: false,
  },
  // Chuyển giao công nghệ: Phòng Quản lý chuyên ngành
  {
    code: "2.002248",
    name: "Cấp Giấy chứng nhận đăng ký chuyển giao công nghệ (trừ trường hợp thuộc thẩm quyền của Bộ Khoa học và Công nghệ)",
    field: FIELD.transfer,
    unit: UNIT.sectoral,
    time: 5,
    timeUnit: "working_days", // [U]
    online: "partial",
    fee: "0,1% giá trị hợp đồng, tối đa 10 triệu đồng (Thông tư 169/2016/TT-BTC)",
    weight: 0.8,
    verified: false,
  },
  {
    code: "2.002249",
    name: "Cấp Giấy chứng nhận đăng ký gia hạn, sửa đổi, bổ sung nội dung chuyển giao công nghệ (trừ trường hợp thuộc thẩm quyền của Bộ Khoa học và Công nghệ)",
    field: FIELD.transfer,
    unit: UNIT.sectoral,
    time: 10,
    timeUnit: "working_days", // [U]
    online: "partial",
    fee: "Theo Thông tư 169/2016/TT-BTC",
    weight: 0.6,
    verified: true,
  },
  // Sở hữu trí tuệ: Phòng Quản lý chuyên ngành
  {
    code: "1.005142",
    name: "Cấp Giấy chứng nhận tổ chức đủ điều kiện hoạt động giám định sở hữu công nghiệp",
    field: FIELD.ip,
    unit: UNIT.sectoral,
    time: 20,
    timeUnit: "working_days", // [U]
    online: "partial",
    fee: "Theo Thông tư 263/2016/TT-BTC",
    weight: 0.3,
    verified: false,
  },
  {
    code: "1.005146",
    name: "Công nhận sáng kiến (đối với sáng kiến do tổ chức, cá nhân đề nghị cơ quan cấp tỉnh xét công nhận)",
    field: FIELD.ip,
    unit: UNIT.sectoral,
    time: 30,
    timeUnit: "working_days", // [U]
    online: "partial",
    fee: "Không",
    weight: 0.5,
    verified: false,
  },
];
