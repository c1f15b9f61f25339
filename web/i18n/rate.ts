import { defineMessages } from "./i18n";

/** The rating of a counter's service (the form itself mounts in web/pages/rate/RateEntry.tsx). */
const rate = defineMessages({
  vi: {
    "rate.title": "Đánh giá sự phục vụ",
    "rate.surveyLabel": "Phiếu đánh giá:",
    "rate.formComing":
      "Phiếu đánh giá trực tuyến sẽ hiển thị tại đây. Chức năng này đang được hoàn thiện; trong thời gian chờ, Ông/Bà có thể góp ý qua đường dây nóng của cơ quan.",
    "rate.anonymous": "Đánh giá là ẩn danh: hệ thống không ghi họ tên hay số điện thoại của người đánh giá.",
    "rate.noSurvey": "Quầy này chưa được gắn phiếu đánh giá. Ông/Bà có thể góp ý qua thông tin liên hệ bên dưới.",
  },
  en: {
    "rate.title": "Rate our service",
    "rate.surveyLabel": "Survey:",
    "rate.formComing":
      "The online rating form will appear here. It is being finished; meanwhile, you can give feedback through the agency's hotline.",
    "rate.anonymous": "Ratings are anonymous: we do not record the name or phone number of the person rating.",
    "rate.noSurvey": "This counter has no survey yet. You can give feedback through the contacts below.",
  },
});

type RateKeys = typeof rate.vi;
declare module "./i18n" {
  interface MessageRegistry extends RateKeys {}
}
