/**
 * API keys of the one-stop software: `hlk_` and 256 random bits, base64url. Only the SHA-256
 * hash is stored, with the key's first 12 characters to tell keys apart. WebCrypto only, so the
 * same code runs in the worker and in the Node seed.
 */

/** SHA-256 of a key, hex: what the database keeps. */
export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function base64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A new key; show it once, store `hash` and `prefix`. */
export async function newIntegrationKey(): Promise<{ key: string; prefix: string; hash: string }> {
  const key = `hlk_${base64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { key, prefix: key.slice(0, 12), hash: await hashKey(key) };
}
