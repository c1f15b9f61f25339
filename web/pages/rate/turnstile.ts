/**
 * Cloudflare Turnstile, loaded only when the API says a site key is configured (survey
 * definition `turnstileSiteKey`); off by default, and then this module is never fetched.
 * Turning it on also needs the CSP of web/public/_headers to allow
 * https://challenges.cloudflare.com in script-src and frame-src.
 */

interface TurnstileApi {
  render(
    container: HTMLElement,
    options: {
      sitekey: string;
      language?: string;
      callback: (token: string) => void;
      "expired-callback": () => void;
      "error-callback": () => void;
    },
  ): string;
  remove(widgetId: string): void;
}

declare global {
  interface Window {
    turnstile?: TurnstileApi;
  }
}

const SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
let loading: Promise<TurnstileApi> | undefined;

function load(): Promise<TurnstileApi> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = SCRIPT;
    script.async = true;
    script.onload = () => (window.turnstile ? resolve(window.turnstile) : reject(new Error("turnstile missing")));
    script.onerror = () => {
      loading = undefined;
      reject(new Error("turnstile failed to load"));
    };
    document.head.append(script);
  });
  return loading;
}

/**
 * Renders the widget in `container`; `onToken` receives a token (or null when it expires).
 * Returns a clean-up. A widget that cannot load leaves the form usable: the API then flags the
 * submission for review instead of refusing it.
 */
export function mountTurnstile(
  container: HTMLElement,
  siteKey: string,
  language: string,
  onToken: (token: string | null) => void,
): () => void {
  let widget: string | undefined;
  let cancelled = false;
  load().then(
    (api) => {
      if (cancelled) return;
      widget = api.render(container, {
        sitekey: siteKey,
        language,
        callback: (token) => onToken(token),
        "expired-callback": () => onToken(null),
        "error-callback": () => onToken(null),
      });
    },
    () => onToken(null),
  );
  return () => {
    cancelled = true;
    if (widget) window.turnstile?.remove(widget);
  };
}
