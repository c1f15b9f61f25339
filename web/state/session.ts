import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Me, SignInRequest, SignInResult, StaffRoleName } from "../../schema/api/accounts";
import { setCsrfToken } from "../api/client";
import { ApiProblem } from "../api/errors";
import * as staffApi from "../api/staff";

/**
 * The signed-in staff member (GET /api/auth/me), shared by every staff page:
 * - `unknown`: not asked yet; `loading`; `signed-in` with `me`; `signed-out` (401);
 *   `error` (offline, server error) with the error to show and retry.
 * - It keeps the client's CSRF token in step (sign-in, /me, sign-out), so staff changes sent
 *   through web/api/client.ts carry it without their callers knowing.
 * Pages call `useSession()`; the staff layout (web/pages/staff/StaffLayout.tsx) does it for them.
 */
export type SessionState =
  | { status: "unknown" }
  | { status: "loading" }
  | { status: "signed-in"; me: Me }
  | { status: "signed-out" }
  | { status: "error"; error: unknown };

export const session = signal<SessionState>({ status: "unknown" });

let inFlight: Promise<Me | null> | null = null;

function settle(me: Me | null): Me | null {
  setCsrfToken(me?.csrfToken ?? null);
  session.value = me ? { status: "signed-in", me } : { status: "signed-out" };
  return me;
}

/** Asks the API who is signed in (again, with `force`); null when nobody is. */
export function loadSession(force = false): Promise<Me | null> {
  const current = session.value;
  if (!force && current.status === "signed-in") return Promise.resolve(current.me);
  if (!force && current.status === "signed-out") return Promise.resolve(null);
  if (inFlight) return inFlight;
  if (current.status !== "signed-in") session.value = { status: "loading" };
  inFlight = staffApi
    .getMe()
    .then(settle, (error: unknown) => {
      if (error instanceof ApiProblem && error.status === 401) return settle(null);
      session.value = { status: "error", error };
      throw error;
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** Loads the session when a page that needs it mounts; returns the current state. */
export function useSession(): SessionState {
  useEffect(() => {
    const s = session.value.status;
    if (s === "unknown" || s === "error") loadSession().catch(() => undefined);
  }, []);
  return session.value;
}

/** The signed-in member, or null. */
export function currentMe(): Me | null {
  const s = session.value;
  return s.status === "signed-in" ? s.me : null;
}

export function hasRole(me: Pick<Me, "staff"> | null, roles: readonly StaffRoleName[]): boolean {
  return me !== null && roles.includes(me.staff.role);
}

/**
 * Signs in (throws the API's problem: wrong credentials, second factor required, locked,
 * throttled) and loads the full session.
 */
export async function signIn(body: SignInRequest): Promise<SignInResult> {
  const result = await staffApi.signIn(body);
  setCsrfToken(result.csrfToken);
  await loadSession(true);
  return result;
}

function forget(): void {
  settle(null);
}

/** Ends this session. */
export async function signOut(): Promise<void> {
  try {
    await staffApi.signOut();
  } catch (error) {
    // Already ended (expired, revoked elsewhere): the person is signed out either way.
    if (!(error instanceof ApiProblem && error.status === 401)) throw error;
  }
  forget();
}

/** Ends every session of this member, on every device; returns how many ended. */
export async function signOutEverywhere(): Promise<number> {
  const { revoked } = await staffApi.signOutEverywhere();
  forget();
  return revoked;
}

/** After a password change (a forced one ends here): the session goes on, the flag is gone. */
export async function passwordChanged(): Promise<void> {
  await loadSession(true);
}
