/**
 * The filer's identity as stored (encrypted) and who may see it.
 *
 * - A denouncer's identity (name, address, contacts, handwriting, identifying attachments) is
 *   shown only to staff assigned to the case (Luật Tố cáo 2018 Art. 9(1)(b), 56). Everyone else,
 *   managers included, sees a redacted view, and so does any copy made for verification.
 * - A complainant's or petitioner's identity is personal data (Luật 91/2025/QH15): the staff
 *   assigned, and the managers and inspectors of the handling unit, may open it.
 * Every opening is audit-logged (case.identity_viewed).
 */
import { z } from "zod";
import type { CaseKind, StaffRole } from "../../schema/db/database";

export const StoredIdentitySchema = z.object({
  v: z.literal(1),
  type: z.enum(["individual", "organisation"]),
  fullName: z.string(),
  organisation: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  idNumber: z.string().nullable(),
  /** The text as filed, when the stored text had the identity masked (denunciations). */
  originalTitle: z.string().nullable(),
  originalContent: z.string().nullable(),
});
export type StoredIdentity = z.infer<typeof StoredIdentitySchema>;

const HANDLING_ROLES: readonly StaffRole[] = ["admin", "manager", "inspector"];

/**
 * Whether a staff member may open the filer's identity.
 * @param assigned the staff member is actively assigned to the case
 * @param inScope the case's handling unit is within the staff member's units
 */
export function canViewIdentity(
  staff: { role: StaffRole },
  kind: CaseKind,
  access: { assigned: boolean; inScope: boolean },
): boolean {
  if (access.assigned) return true;
  if (kind === "denunciation") return false;
  return access.inScope && HANDLING_ROLES.includes(staff.role);
}

/** A denunciation's attachments identify the denouncer by default (handwriting, signatures, photos). */
export function attachmentsIdentify(kind: CaseKind): boolean {
  return kind === "denunciation";
}
