// The Content-Security-Policy of the kiosk's own pages (app://): nothing inline, nothing from
// elsewhere but the server the page talks to, no frames, no plugins, no base or form tricks.

/**
 * The CSP header value for app:// pages that call `serverOrigin`.
 * @example kioskContentSecurityPolicy('https://id.example.org')
 */
export function kioskContentSecurityPolicy(serverOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${serverOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${serverOrigin}`,
    "frame-ancestors 'none'",
    "frame-src 'none'",
  ].join('; ');
}
