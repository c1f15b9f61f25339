import { z } from "zod";

/** Staff roles (vai trò): agency admin, manager (lãnh đạo), inspector, counter officer (một cửa), viewer. */
export const StaffRoleSchema = z.enum(["admin", "manager", "inspector", "counter_officer", "viewer"]);
export type StaffRoleName = z.infer<typeof StaffRoleSchema>;

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,64}$/;

export const UsernameSchema = z.string().trim().toLowerCase().regex(USERNAME_PATTERN, { error: "invalid_username" });

/** A new password: the length rules here, "not the username" on the server. */
export const NewPasswordSchema = z.string().min(10, { error: "password_too_short" }).max(200, { error: "too_long" });

export const TotpCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{6}$/, { error: "invalid_totp_code" });

export const SignInRequestSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, { error: "required" }).max(200, { error: "too_long" }),
  password: z.string().min(1, { error: "required" }).max(1000, { error: "too_long" }),
  /** Required when the account has the second factor on (answer: 401 totp-required). */
  totpCode: TotpCodeSchema.optional(),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

export const StaffProfileSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  fullName: z.string(),
  role: StaffRoleSchema,
  agency: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  unitIds: z.array(z.uuid()),
});
export type StaffProfile = z.infer<typeof StaffProfileSchema>;

/** The answer to a successful sign-in (the session itself is in the HttpOnly cookie). */
export const SignInResultSchema = z.object({
  staff: StaffProfileSchema,
  /** Send back as the `x-csrf-token` header on every POST/PUT/PATCH/DELETE. */
  csrfToken: z.string(),
  mustChangePassword: z.boolean(),
  expiresAt: z.iso.datetime(),
});
export type SignInResult = z.infer<typeof SignInResultSchema>;

export const MeSchema = z.object({
  staff: StaffProfileSchema,
  csrfToken: z.string(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  /** True for an inspector without a second factor: the pages suggest enrolling. */
  totpRecommended: z.boolean(),
  session: z.object({
    id: z.uuid(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    idleExpiresAt: z.iso.datetime(),
  }),
});
export type Me = z.infer<typeof MeSchema>;

export const SessionInfoSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const SessionListSchema = z.object({ sessions: z.array(SessionInfoSchema) });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const SignOutEverywhereResultSchema = z.object({ revoked: z.number().int() });

export const ChangePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, { error: "required" }).max(1000, { error: "too_long" }),
  newPassword: NewPasswordSchema,
});

export const TotpEnrolmentSchema = z.object({
  /** Show as a QR code for the authenticator app. */
  otpauthUri: z.string().startsWith("otpauth://totp/"),
  /** The same secret in base32, for typing in by hand. */
  secret: z.string(),
});
export type TotpEnrolment = z.infer<typeof TotpEnrolmentSchema>;
export const TotpConfirmRequestSchema = z.object({ code: TotpCodeSchema });
export const TotpDisableRequestSchema = z.object({
  password: z.string().min(1, { error: "required" }).max(1000, { error: "too_long" }),
});
export const TotpStatusSchema = z.object({ totpEnabled: z.boolean() });

// Staff accounts, managed by the agency admin (/api/admin/accounts).

export const AccountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: StaffRoleSchema,
  unitIds: z.array(z.uuid()),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  hasPassword: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSignInAt: z.iso.datetime().nullable(),
});
export type Account = z.infer<typeof AccountSchema>;
export const AccountListSchema = z.object({ accounts: z.array(AccountSchema) });

const FullNameSchema = z.string().trim().min(2, { error: "required" }).max(200, { error: "too_long" });
const OptionalEmail = z.email().max(200).nullable().optional();
const OptionalPhone = z
  .string()
  .trim()
  .regex(/^[0-9 +().-]{6,30}$/, { error: "invalid_phone" })
  .nullable()
  .optional();

export const AccountCreateSchema = z.object({
  username: UsernameSchema,
  fullName: FullNameSchema,
  email: OptionalEmail,
  phone: OptionalPhone,
  role: StaffRoleSchema,
  unitIds: z.array(z.uuid()).max(100).default([]),
});
export type AccountCreate = z.infer<typeof AccountCreateSchema>;

export const AccountUpdateSchema = z
  .object({
    fullName: FullNameSchema,
    email: OptionalEmail,
    phone: OptionalPhone,
    role: StaffRoleSchema,
    unitIds: z.array(z.uuid()).max(100),
    /** false disables the account and ends its sessions. */
    active: z.boolean(),
  })
  .partial();
export type AccountUpdate = z.infer<typeof AccountUpdateSchema>;

/** A password shown once to the admin, who hands it over; the account must change it at sign-in. */
export const AccountWithPasswordSchema = z.object({
  account: AccountSchema,
  oneTimePassword: z.string(),
});
