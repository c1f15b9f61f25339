import { defineMessages } from "./i18n";

/** Strings of the shell and of components every page uses. Always loaded. */
const common = defineMessages({
  vi: {
    "common.productName": "hailong",
    "common.productTagline": "Đánh giá sự hài lòng của người dân, doanh nghiệp",
    "common.skipToContent": "Chuyển đến nội dung chính",
    "common.language": "Ngôn ngữ",
    "common.langName.vi": "Tiếng Việt",
    "common.langName.en": "English",
    "common.loading": "Đang tải…",
    "common.retry": "Thử lại",
    "common.backHome": "Về trang chủ",
    "common.error.offline.title": "Không có kết nối mạng",
    "common.error.offline.detail": "Vui lòng kiểm tra kết nối Internet rồi thử lại.",
    "common.error.unexpected.title": "Đã có lỗi xảy ra",
    "common.error.unexpected.detail": "Vui lòng thử lại sau ít phút. Nếu lỗi vẫn còn, hãy liên hệ cơ quan.",
    "common.error.reference": "Mã tra cứu lỗi: {id}",
    "common.contacts.title": "Thông tin liên hệ",
    "common.contacts.address": "Địa chỉ",
    "common.contacts.hotline": "Đường dây nóng",
    "common.contacts.email": "Thư điện tử",
    "common.contacts.website": "Trang thông tin điện tử",
    "common.contacts.leaders": "Lãnh đạo cơ quan",
    "common.footer.contactsLabel": "Liên hệ {agency}",
    "common.footer.product": "Vận hành trên hailong, hệ thống tiếp nhận đánh giá và phản ánh của người dân.",
    "notFound.title": "Không tìm thấy trang",
    "notFound.body": "Địa chỉ bạn mở không tồn tại hoặc đã được thay đổi.",
  },
  en: {
    "common.productName": "hailong",
    "common.productTagline": "Citizen and business satisfaction",
    "common.skipToContent": "Skip to main content",
    "common.language": "Language",
    "common.langName.vi": "Tiếng Việt",
    "common.langName.en": "English",
    "common.loading": "Loading…",
    "common.retry": "Try again",
    "common.backHome": "Back to the home page",
    "common.error.offline.title": "You are offline",
    "common.error.offline.detail": "Please check your internet connection and try again.",
    "common.error.unexpected.title": "Something went wrong",
    "common.error.unexpected.detail": "Please try again in a few minutes. If it keeps happening, contact the agency.",
    "common.error.reference": "Error reference: {id}",
    "common.contacts.title": "Contact details",
    "common.contacts.address": "Address",
    "common.contacts.hotline": "Hotline",
    "common.contacts.email": "Email",
    "common.contacts.website": "Website",
    "common.contacts.leaders": "Agency leaders",
    "common.footer.contactsLabel": "Contact {agency}",
    "common.footer.product": "Runs on hailong, the citizen rating and feedback system.",
    "notFound.title": "Page not found",
    "notFound.body": "The address you opened does not exist or has changed.",
  },
});

type CommonKeys = typeof common.vi;
declare module "./i18n" {
  interface MessageRegistry extends CommonKeys {}
}
