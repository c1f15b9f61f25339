/**
 * Field messages that schemas raise by key (`z.string().min(1, { error: "required" })`),
 * with their Vietnamese and English text. The worker and the web app translate the same key
 * the same way; messages without a key come from zod's own vi / en locales.
 */
export const fieldMessages = {
  required: { vi: "Vui lòng nhập thông tin này.", en: "This field is required." },
  too_long: { vi: "Nội dung quá dài.", en: "This is too long." },
  invalid_code: { vi: "Mã không đúng định dạng.", en: "The code is not in the expected format." },
  invalid_date: { vi: "Ngày không hợp lệ (dd/mm/yyyy).", en: "Invalid date (dd/mm/yyyy)." },
  // Working-day calendar (schema/api/calendar.ts).
  calendar_iso_date: { vi: "Ngày không hợp lệ (định dạng YYYY-MM-DD).", en: "Invalid date (format YYYY-MM-DD)." },
  calendar_year: { vi: "Năm phải từ 1990 đến 2199.", en: "The year must be between 1990 and 2199." },
  calendar_days: { vi: "Số ngày phải là số nguyên từ 0 đến 1000.", en: "Days must be a whole number from 0 to 1000." },
  calendar_unit: {
    vi: "Đơn vị phải là working (ngày làm việc) hoặc calendar (ngày).",
    en: "The unit must be working (working days) or calendar (calendar days).",
  },
  // Calendar and deadline-rule administration (schema/api/admin-calendar.ts).
  calendar_day_kind: {
    vi: "Chọn ngày nghỉ hoặc ngày làm việc (làm bù).",
    en: "Choose a day off or a working day (swap).",
  },
  calendar_name: { vi: "Tên ngày từ 2 đến 200 ký tự.", en: "The name has 2 to 200 characters." },
  calendar_source: {
    vi: "Căn cứ (số, ngày văn bản) từ 2 đến 500 ký tự.",
    en: "The source (decision number and date) has 2 to 500 characters.",
  },
  deadline_case_kind: {
    vi: "Chọn loại đơn: phản ánh, kiến nghị; khiếu nại; tố cáo.",
    en: "Choose the case kind: petition, complaint or denunciation.",
  },
  deadline_step: {
    vi: "Bước xử lý gồm 2–40 ký tự: chữ thường không dấu, số, gạch dưới (ví dụ accept).",
    en: "The step has 2–40 characters: lower-case letters, digits, underscore (e.g. accept).",
  },
  deadline_period: {
    vi: "Thời hạn là số nguyên từ 1 đến 366 ngày.",
    en: "The period is a whole number from 1 to 366.",
  },
  deadline_legal_basis: {
    vi: "Căn cứ pháp lý từ 3 đến 500 ký tự.",
    en: "The legal basis has 3 to 500 characters.",
  },
  deadline_confidence: { vi: "Mức tin cậy phải là P, S, I hoặc U.", en: "The confidence must be P, S, I or U." },
  deadline_max_times: {
    vi: "Số lần tối đa là số nguyên từ 1 đến 10.",
    en: "The maximum number of times is a whole number from 1 to 10.",
  },
  deadline_valid_range: {
    vi: "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực.",
    en: "The last day in force cannot be before the first.",
  },
  // Citizen rating form (schema/api/ratings.ts, worker/ratings).
  rating_invalid_score: { vi: "Mức đánh giá không hợp lệ.", en: "This rating level is not valid." },
  rating_criterion_required: { vi: "Vui lòng đánh giá nội dung này.", en: "Please rate this item." },
  rating_unknown_item: {
    vi: "Nội dung này không có trong phiếu đánh giá.",
    en: "This item is not part of the survey.",
  },
  rating_duplicate: { vi: "Nội dung này được đánh giá hai lần.", en: "This item was rated twice." },
  rating_reason_required: {
    vi: "Vui lòng cho biết lý do Ông/Bà không hài lòng.",
    en: "Please tell us why you are dissatisfied.",
  },
  rating_too_many_choices: {
    vi: "Ông/Bà đã chọn nhiều hơn số nội dung cho phép.",
    en: "You chose more items than allowed.",
  },
  rating_consent_required: {
    vi: "Vui lòng đánh dấu đồng ý nếu muốn để lại thông tin liên hệ.",
    en: "Please tick the consent box to leave your contact details.",
  },
  rating_survey_outdated: {
    vi: "Phiếu đánh giá đã thay đổi, vui lòng tải lại trang và đánh giá lại.",
    en: "The survey has changed; please reload the page and rate again.",
  },
  rating_file_code: {
    vi: "Mã hồ sơ không đúng định dạng. Vui lòng nhập đúng mã trên Giấy tiếp nhận hồ sơ.",
    en: "The file code is not in the expected format. Please type the code printed on your receipt.",
  },
  // Staff accounts and agency administration (schema/api/accounts.ts, schema/api/admin.ts).
  invalid_username: {
    vi: "Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.",
    en: "Usernames have 3–64 characters: lower-case letters, digits, dot, underscore, hyphen.",
  },
  password_too_short: { vi: "Mật khẩu phải có ít nhất 10 ký tự.", en: "The password needs at least 10 characters." },
  password_same_as_username: {
    vi: "Mật khẩu không được chứa tên đăng nhập.",
    en: "The password must not contain the username.",
  },
  password_wrong: { vi: "Mật khẩu hiện tại không đúng.", en: "The current password is wrong." },
  invalid_totp_code: { vi: "Mã xác thực gồm 6 chữ số.", en: "The code has 6 digits." },
  totp_code_wrong: {
    vi: "Mã xác thực không đúng hoặc đã hết hạn.",
    en: "The code is wrong or has expired.",
  },
  invalid_phone: { vi: "Số điện thoại không hợp lệ.", en: "The phone number is not valid." },
  invalid_national_code: {
    vi: "Mã thủ tục không đúng định dạng (ví dụ 1.000894 hoặc 1.000948.H38).",
    en: "The procedure code is not in the expected format (e.g. 1.000894 or 1.000948.H38).",
  },
  // Petitions, complaints and denunciations (schema/api/cases.ts).
  case_code: {
    vi: "Mã đơn không đúng định dạng (ví dụ PAKN.20261122.0001).",
    en: "The tracking code is not in the expected format (e.g. PAKN.20261122.0001).",
  },
  case_secret: {
    vi: "Mã bí mật gồm 16 ký tự (ví dụ K7QF-M2XP-9RTA-VW3H).",
    en: "The secret has 16 characters (e.g. K7QF-M2XP-9RTA-VW3H).",
  },
  case_name_required: { vi: "Vui lòng nhập họ và tên.", en: "Please enter your full name." },
  case_address_required: {
    vi: "Vui lòng nhập địa chỉ (bắt buộc đối với khiếu nại, tố cáo).",
    en: "Please enter your address (required for complaints and denunciations).",
  },
  case_contact_required: {
    vi: "Vui lòng nhập số điện thoại hoặc email để cơ quan liên hệ.",
    en: "Please give a phone number or an email address so that the agency can reach you.",
  },
  case_email: { vi: "Địa chỉ email không hợp lệ.", en: "The email address is not valid." },
  case_id_number: {
    vi: "Số định danh cá nhân/CCCD gồm 12 chữ số (CMND cũ: 9 chữ số).",
    en: "The personal identification number has 12 digits (old ID cards: 9).",
  },
  case_anonymous_not_allowed: {
    vi: "Khiếu nại, tố cáo phải ghi rõ họ tên, địa chỉ người gửi; không gửi ẩn danh được.",
    en: "Complaints and denunciations must give the filer's name and address; they cannot be anonymous.",
  },
  case_anonymous_disabled: {
    vi: "Cơ quan này không nhận phản ánh, kiến nghị ẩn danh.",
    en: "This agency does not accept anonymous petitions.",
  },
  case_consent_required: {
    vi: "Vui lòng đánh dấu đồng ý để cơ quan xử lý thông tin cá nhân của Ông/Bà.",
    en: "Please tick the box to let the agency process your personal data.",
  },
  case_consent_outdated: {
    vi: "Nội dung thông báo về dữ liệu cá nhân đã thay đổi, vui lòng tải lại trang.",
    en: "The personal data notice has changed; please reload the page.",
  },
  case_title_length: { vi: "Tiêu đề từ 3 đến 300 ký tự.", en: "The subject has 3 to 300 characters." },
  case_content_length: {
    vi: "Nội dung từ 10 đến 20.000 ký tự.",
    en: "The content has 10 to 20,000 characters.",
  },
  case_reason_required: { vi: "Vui lòng ghi rõ lý do.", en: "Please give the reason." },
  // Files on time (schema/api/files.ts).
  file_code: {
    vi: "Mã hồ sơ gồm 3–60 ký tự: chữ, số, dấu chấm, gạch ngang (ví dụ H15.50.05.13-261008-0975).",
    en: "A file code has 3–60 characters: letters, digits, dots, dashes (e.g. H15.50.05.13-261008-0975).",
  },
  file_datetime: {
    vi: "Thời điểm không hợp lệ (ví dụ 2026-11-23T08:15:00+07:00).",
    en: "Invalid date and time (e.g. 2026-11-23T08:15:00+07:00).",
  },
  invalid_email: { vi: "Địa chỉ thư điện tử không hợp lệ.", en: "The e-mail address is not valid." },
} as const satisfies Record<string, { vi: string; en: string }>;

export type FieldMessageKey = keyof typeof fieldMessages;

export function isFieldMessageKey(key: string): key is FieldMessageKey {
  return Object.hasOwn(fieldMessages, key);
}
