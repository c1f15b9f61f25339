/**
 * Removing personal data from text before it leaves the circle of staff allowed to see it: a
 * denunciation's text as other staff and verifiers see it (Luật Tố cáo 2018 Art. 56: "giữ bí
 * mật họ tên, địa chỉ, bút tích và các thông tin cá nhân khác của người tố cáo"), and a PAKN
 * question and answer before they are published. Pure.
 *
 * Two layers: the filer's own details wherever they appear (any letter case, any spacing of a
 * phone number), then anything that looks like a phone number, an email address or a personal
 * identification number. It is a safety net, not a proof: staff read the result before it is
 * published.
 */

export const REDACTION_MARK = "[đã ẩn]";

export interface IdentityTerms {
  fullName?: string | null;
  organisation?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  idNumber?: string | null;
}

export interface Redacted {
  text: string;
  count: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A pattern matching `term` with any run of spaces where it has one, in any letter case. */
function termPattern(term: string): RegExp {
  const parts = term.trim().split(/\s+/).map(escapeRegExp);
  return new RegExp(parts.join("\\s+"), "giu");
}

/** A pattern matching the digits of a phone number with any separators between them. */
function phonePattern(phone: string): RegExp | null {
  let digits = phone.replace(/\D/g, "");
  if (digits.startsWith("84") && digits.length >= 10) digits = digits.slice(2);
  if (digits.startsWith("0")) digits = digits.slice(1);
  if (digits.length < 6) return null;
  const body = [...digits].join("[\\s.()-]*");
  return new RegExp(`(?:\\+?84|0)?[\\s.()-]*${body}`, "g");
}

const GENERIC: readonly RegExp[] = [
  // Email addresses.
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu,
  // Vietnamese phone numbers: 0 or +84, then 9–10 digits, spaces/dots/dashes allowed.
  /(?<![\p{N}])(?:\+84|0)(?:[\s.-]?\d){8,10}(?![\p{N}])/gu,
  // Personal identification numbers (CCCD 12 digits, old CMND 9 digits).
  /(?<![\p{N}.,/])(?:\d{12}|\d{9})(?![\p{N}.,/])/gu,
];

function apply(text: string, pattern: RegExp, state: { count: number }): string {
  return text.replace(pattern, () => {
    state.count++;
    return REDACTION_MARK;
  });
}

/** The filer's terms worth masking: a name of one word, or an address of a few letters, would mask too much. */
export function termsOf(identity: IdentityTerms): string[] {
  const out: string[] = [];
  for (const value of [identity.fullName, identity.organisation, identity.address, identity.email, identity.idNumber]) {
    const v = value?.trim();
    if (v && v.length >= 4) out.push(v);
  }
  // Longest first, so that "Nguyễn Văn An" is masked before a shorter term inside it.
  return out.sort((a, b) => b.length - a.length);
}

/** Masks the filer's details and generic personal data in `text`. */
export function redactText(text: string, identity: IdentityTerms = {}): Redacted {
  const state = { count: 0 };
  let out = text;
  for (const term of termsOf(identity)) out = apply(out, termPattern(term), state);
  const phone = identity.phone ? phonePattern(identity.phone) : null;
  if (phone) out = apply(out, phone, state);
  for (const pattern of GENERIC) out = apply(out, pattern, state);
  return { text: out, count: state.count };
}
