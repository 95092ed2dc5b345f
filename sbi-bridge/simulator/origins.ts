// Which web pages may use the simulated devices. A page's Origin header cannot be forged by the
// page, so it is what a device service can judge a browser by: pages on this machine (loopback)
// and the configured allow-list (the ID system's login UI) may; every other page gets 403.
// Requests without an Origin come from native tools (curl, the kiosk bridge, tests), not from pages.

/**
 * Whether an Origin names this machine (http(s)://127.0.0.1, localhost or [::1], any port).
 * @example isLoopbackOrigin('http://127.0.0.1:8088') // true
 */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)
    );
  } catch {
    return false;
  }
}

/**
 * The origin of a URL (`https://id.example.org` for `https://id.example.org/login`); undefined for
 * anything that has none (not a URL, `null`, `file:`).
 */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The default gate: loopback pages and the allowed origins (compared as origins, exactly).
 * @example const allow = originGate(['https://login.example.org']); allow('https://evil.example') // false
 */
export function originGate(allowedOrigins: readonly string[]): (origin: string) => boolean {
  const allowed = new Set(allowedOrigins.map(originOf).filter((o) => o !== undefined));
  return (origin) => isLoopbackOrigin(origin) || allowed.has(origin);
}
