import { defineMessages } from "./i18n";

/** The product's home page (/). */
const home = defineMessages({
  vi: {
    "home.title": "Lắng nghe người dân, nâng cao sự hài lòng",
    "home.intro":
      "hailong giúp cơ quan hành chính nhà nước tiếp nhận đánh giá của người dân, doanh nghiệp về sự phục vụ tại quầy, xử lý phản ánh, kiến nghị và theo dõi mức độ hài lòng.",
    "home.features.title": "hailong làm gì",
    "home.features.rating": "Đánh giá sự hài lòng tại quầy qua mã QR, theo các tiêu chí của Chỉ số SIPAS.",
    "home.features.cases": "Tiếp nhận và theo dõi phản ánh, kiến nghị, khiếu nại, tố cáo đúng thời hạn luật định.",
    "home.features.apology": "Phiếu xin lỗi và hẹn lại ngày trả kết quả khi hồ sơ trễ hạn.",
    "home.features.dashboard": "Bảng theo dõi cho lãnh đạo: tỷ lệ hài lòng, hồ sơ đúng hạn, báo cáo định kỳ.",
    "home.citizen.title": "Người dân, doanh nghiệp",
    "home.citizen.body":
      "Quét mã QR dán tại quầy tiếp nhận hồ sơ để đánh giá sự phục vụ. Đánh giá là ẩn danh và chỉ mất khoảng một phút.",
    "home.staff.title": "Cán bộ, công chức",
    "home.staff.body": "Quản lý quầy, phiếu khảo sát, phản ánh và báo cáo của cơ quan.",
    "home.staff.link": "Vào khu vực cán bộ",
  },
  en: {
    "home.title": "Listening to citizens, raising satisfaction",
    "home.intro":
      "hailong helps public agencies collect ratings from citizens and businesses on the service at their counters, handle feedback and petitions, and follow satisfaction over time.",
    "home.features.title": "What hailong does",
    "home.features.rating": "Satisfaction ratings at the counter through a QR code, on the SIPAS criteria.",
    "home.features.cases":
      "Petitions, feedback, complaints and denunciations received and tracked within legal deadlines.",
    "home.features.apology": "Apology letters with a new return date when a file is late.",
    "home.features.dashboard": "A dashboard for managers: satisfaction rate, files on time, periodic reports.",
    "home.citizen.title": "Citizens and businesses",
    "home.citizen.body":
      "Scan the QR code at the counter where you filed your papers to rate the service. Ratings are anonymous and take about a minute.",
    "home.staff.title": "Officers",
    "home.staff.body": "Manage the agency's counters, surveys, feedback and reports.",
    "home.staff.link": "Go to the staff area",
  },
});

type HomeKeys = typeof home.vi;
declare module "./i18n" {
  interface MessageRegistry extends HomeKeys {}
}
