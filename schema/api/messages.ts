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
} as const satisfies Record<string, { vi: string; en: string }>;

export type FieldMessageKey = keyof typeof fieldMessages;

export function isFieldMessageKey(key: string): key is FieldMessageKey {
  return Object.hasOwn(fieldMessages, key);
}
