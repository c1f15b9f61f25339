import { defineMessages } from "./i18n";

/** The citizen landing of a counter's QR code (/q/:publicCode). */
const counter = defineMessages({
  vi: {
    "counter.loading": "Đang tải thông tin quầy…",
    "counter.unitLabel": "Đơn vị:",
    "counter.locationLabel": "Vị trí:",
    "counter.welcome":
      "Cảm ơn Ông/Bà đã đến làm thủ tục. Ý kiến của Ông/Bà giúp cơ quan phục vụ người dân, doanh nghiệp tốt hơn.",
    "counter.notFound.title": "Không tìm thấy quầy",
    "counter.notFound.body":
      "Mã QR này không ứng với quầy nào đang hoạt động. Vui lòng quét lại mã QR dán tại quầy hoặc hỏi cán bộ tiếp nhận hồ sơ.",
    "counter.notFound.code": "Mã đã quét: {code}",
  },
  en: {
    "counter.loading": "Loading the counter…",
    "counter.unitLabel": "Unit:",
    "counter.locationLabel": "Location:",
    "counter.welcome": "Thank you for visiting us. Your opinion helps the agency serve citizens and businesses better.",
    "counter.notFound.title": "Counter not found",
    "counter.notFound.body":
      "This QR code does not belong to any open counter. Please scan the QR code at the counter again or ask the officer at the desk.",
    "counter.notFound.code": "Code scanned: {code}",
  },
});

type CounterKeys = typeof counter.vi;
declare module "./i18n" {
  interface MessageRegistry extends CounterKeys {}
}
