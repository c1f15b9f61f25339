import { defineMessages } from "./i18n";

/**
 * The two links to the case pages that the counter's QR page shows. Apart from cases.ts so the
 * QR page's first load (60 KB budget) does not carry the whole cases dictionary.
 */
const casesLink = defineMessages({
  vi: {
    "casesLink.title": "Phản ánh, kiến nghị, khiếu nại, tố cáo",
    "casesLink.intake": "Gửi phản ánh, kiến nghị, khiếu nại, tố cáo",
    "casesLink.status": "Tra cứu kết quả giải quyết đơn",
  },
  en: {
    "casesLink.title": "Petitions, complaints, denunciations",
    "casesLink.intake": "Send a petition, complaint or denunciation",
    "casesLink.status": "Follow your case",
  },
});

type CasesLinkKeys = typeof casesLink.vi;
declare module "./i18n" {
  interface MessageRegistry extends CasesLinkKeys {}
}
