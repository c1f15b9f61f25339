/**
 * Synthetic applicants for demo files. Every name is generated from common Vietnamese name
 * parts or invented business words; any match with a real person or business is chance.
 * Addresses use place names of Lâm Đồng province after the 2025 merger (illustrative).
 */
import type { Rng } from "./random";

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
const MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thị Kim", "Thị Thanh", "Bảo"];
const MIDDLE_M = ["Văn", "Minh", "Quốc", "Đức", "Thanh", "Hữu", "Công", "Xuân"];
const GIVEN_F = ["Lan", "Hương", "Trang", "Thảo", "Hằng", "Nhung", "Vy", "Loan", "Phương", "Yến", "Ngân", "Duyên"];
const GIVEN_M = ["Hùng", "Dũng", "Tuấn", "Nam", "Sơn", "Phong", "Khoa", "Long", "Hải", "Thắng", "Bình", "Tài"];

const BUSINESS_WORDS = [
  "Minh Phát",
  "Thành Đạt",
  "Hưng Thịnh",
  "An Khang",
  "Phú Lâm",
  "Đà Lạt Xanh",
  "Cao Nguyên",
  "Langbiang",
  "Trường Sơn",
  "Hoàng Long",
  "Tân Tiến",
  "Việt Mỹ",
  "Bảo Lộc Tea",
  "Sao Mai",
  "Nam Tây Nguyên",
  "Đông Dương",
];
const BUSINESS_KINDS = [
  "Công ty TNHH Thương mại Dịch vụ",
  "Công ty Cổ phần",
  "Công ty TNHH",
  "Công ty TNHH Sản xuất Thương mại",
  "Hợp tác xã Nông nghiệp",
];
const CLINIC_KINDS = [
  "Phòng khám đa khoa",
  "Phòng khám nha khoa",
  "Phòng khám chẩn đoán hình ảnh",
  "Bệnh viện đa khoa tư nhân",
];
const SCIENCE_KINDS = ["Viện Nghiên cứu", "Trung tâm Nghiên cứu và Phát triển", "Công ty Cổ phần Công nghệ"];

const STREETS = [
  "Trần Phú",
  "Phan Đình Phùng",
  "Hùng Vương",
  "Nguyễn Văn Cừ",
  "Lê Hồng Phong",
  "Hai Bà Trưng",
  "Quang Trung",
  "Ba Tháng Hai",
];
const PLACES = [
  "phường Lâm Viên - Đà Lạt",
  "phường Xuân Hương - Đà Lạt",
  "phường Cam Ly - Đà Lạt",
  "phường Lang Biang - Đà Lạt",
  "phường Bảo Lộc 1",
  "phường Phan Thiết",
  "phường Mũi Né",
  "phường Bắc Gia Nghĩa",
  "xã Đức Trọng",
  "xã Di Linh",
];

export function personName(rng: Rng): string {
  const female = rng.chance(0.5);
  return `${rng.pick(FAMILY)} ${rng.pick(female ? MIDDLE_F : MIDDLE_M)} ${rng.pick(female ? GIVEN_F : GIVEN_M)}`;
}

/** An applicant that fits the procedure's field: clinics for X-ray, companies for quality, institutes for science. */
export function applicantName(
  rng: Rng,
  field: "radiation" | "standards" | "science" | "other",
  person: boolean,
): string {
  if (person) return personName(rng);
  const word = rng.pick(BUSINESS_WORDS);
  if (field === "radiation") return `${rng.pick(CLINIC_KINDS)} ${word}`;
  if (field === "science") return `${rng.pick(SCIENCE_KINDS)} ${word}`;
  return `${rng.pick(BUSINESS_KINDS)} ${word}`;
}

export function address(rng: Rng): string {
  return `Số ${rng.int(1, 250)} ${rng.pick(STREETS)}, ${rng.pick(PLACES)}, tỉnh Lâm Đồng`;
}
