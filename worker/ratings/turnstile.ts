/**
 * Cloudflare Turnstile, an outside boundary: off unless TURNSTILE_SECRET is set. The service
 * depends only on this interface, so tests can substitute it.
 */
export type TurnstileOutcome = "passed" | "failed" | "unavailable";

export interface TurnstileVerifier {
  verify(token: string, remoteIp: string | null): Promise<TurnstileOutcome>;
}

const SITEVERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The real verifier: Cloudflare's siteverify endpoint, with a short timeout. */
export function cloudflareTurnstile(secret: string): TurnstileVerifier {
  return {
    async verify(token, remoteIp) {
      const form = new FormData();
      form.set("secret", secret);
      form.set("response", token);
      if (remoteIp) form.set("remoteip", remoteIp);
      try {
        const res = await fetch(SITEVERIFY, { method: "POST", body: form, signal: AbortSignal.timeout(3000) });
        if (!res.ok) return "unavailable";
        const body = (await res.json()) as { success?: boolean };
        return body.success === true ? "passed" : "failed";
      } catch {
        return "unavailable";
      }
    },
  };
}
