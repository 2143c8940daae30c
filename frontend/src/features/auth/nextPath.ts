// Where to go after logging in: `?next=` is honoured only for a path on this site. Anything that a browser would
// read as another origin ("//evil.example", "/\evil.example", "https://…", "javascript:…") falls back to home.
const BASE = "http://gachi.invalid";

/** The same-site path in `next`, or `fallback`. Never a login or sign-up page (it would loop). */
export function safeNextPath(next: string | null | undefined, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  // Browsers drop tabs and newlines inside URLs, so "/\t/evil.example" would become "//evil.example".
  if ([...next].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  if (/^\/(login|signup)(\/|$)/.test(url.pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}

/** The login page that comes back to `path` afterwards. */
export function loginPath(path: string): string {
  const next = safeNextPath(path, "");
  return next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login";
}
