import { z } from "zod";
import {
  MeSchema,
  SessionListSchema,
  type SignInRequest,
  SignInResultSchema,
  SignOutEverywhereResultSchema,
  TotpEnrolmentSchema,
  TotpStatusSchema,
} from "../../schema/api/accounts";
import { apiGet, apiSend, type RequestOptions } from "./client";

/** The staff member's own session, password and second factor (/api/auth/*). */

const Nothing = z.undefined();

export function signIn(body: SignInRequest) {
  return apiSend("POST", "/api/auth/sign-in", body, SignInResultSchema);
}

export function getMe(options?: RequestOptions) {
  return apiGet("/api/auth/me", MeSchema, options);
}

export function signOut() {
  return apiSend("POST", "/api/auth/sign-out", {}, Nothing);
}

export function signOutEverywhere() {
  return apiSend("POST", "/api/auth/sign-out-everywhere", {}, SignOutEverywhereResultSchema);
}

export function listSessions(options?: RequestOptions) {
  return apiGet("/api/auth/sessions", SessionListSchema, options);
}

export function changePassword(body: { currentPassword: string; newPassword: string }) {
  return apiSend("POST", "/api/auth/password", body, Nothing);
}

export function startTotpEnrolment() {
  return apiSend("POST", "/api/auth/totp/enrol", {}, TotpEnrolmentSchema);
}

export function confirmTotp(code: string) {
  return apiSend("POST", "/api/auth/totp/confirm", { code }, TotpStatusSchema);
}

export function disableTotp(password: string) {
  return apiSend("POST", "/api/auth/totp/disable", { password }, TotpStatusSchema);
}
