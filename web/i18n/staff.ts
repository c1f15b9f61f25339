import { defineMessages } from "./i18n";

/** The staff area (/staff). */
const staff = defineMessages({
  vi: {
    "staff.title": "Khu vực cán bộ",
    "staff.signInComing": "Chức năng đăng nhập sẽ có khi hoàn thành phần quản lý tài khoản cán bộ.",
  },
  en: {
    "staff.title": "Staff area",
    "staff.signInComing": "Sign-in will be available once staff accounts are in place.",
  },
});

type StaffKeys = typeof staff.vi;
declare module "./i18n" {
  interface MessageRegistry extends StaffKeys {}
}
