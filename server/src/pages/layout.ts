// The frame of every server page: <html lang dir>, the shared stylesheet, the Signet brand, one
// <main>; and the headers such a page is sent with (no script at all, styles from this origin).
import type { Response } from 'express';
import { html, type SafeHtml } from '../http/html.js';
import { textDirection, type PageLanguage } from './languages.js';
import { PAGE_MESSAGES } from './page-messages.js';

/** Where the pages' stylesheet is served (router.ts). */
export const PAGE_STYLESHEET_PATH = '/pages/page.css';
/** Where the fonts the stylesheet names are served (router.ts). */
export const PAGE_FONTS_PATH = '/pages/fonts';

/** Nothing runs, nothing loads but the stylesheet and its font; no frames, no forms. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const BRAND_MARK = html`<svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 2 4 5v6c0 5 3.4 9.6 8 11 4.6-1.4 8-6 8-11V5l-8-3Z" fill="currentColor" opacity=".18"/><path d="M12 2 4 5v6c0 5 3.4 9.6 8 11 4.6-1.4 8-6 8-11V5l-8-3Zm0 2.1 6 2.3V11c0 4-2.6 7.7-6 8.9-3.4-1.2-6-4.9-6-8.9V6.4l6-2.3Zm3.3 4.5L11 12.9l-2.3-2.3-1.4 1.4 3.7 3.7 5.7-5.7-1.4-1.4Z" fill="currentColor"/></svg>`;

/**
 * A Khmer page fetches its font before the first layout: fetched on first use instead (the
 * stylesheet's unicode-range), some text stayed laid out in a fallback font without Khmer glyphs.
 */
const KHMER_FONT_PRELOADS = html`<link rel="preload" href="${PAGE_FONTS_PATH}/noto-sans-khmer-400.woff2" as="font" type="font/woff2" crossorigin>
<link rel="preload" href="${PAGE_FONTS_PATH}/noto-sans-khmer-700.woff2" as="font" type="font/woff2" crossorigin>`;

export interface PageFrame {
  language: PageLanguage;
  title: string;
  /** The page's cards, inside <main>. */
  main: SafeHtml;
}

export function renderPage({ language, title, main }: PageFrame): string {
  return html`<!doctype html>
<html lang="${language}" dir="${textDirection(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>${title} · Signet</title>
<link rel="stylesheet" href="${PAGE_STYLESHEET_PATH}">
${language === 'km' ? KHMER_FONT_PRELOADS : ''}
</head>
<body>
<div class="page">
<header class="brand">${BRAND_MARK}<span><span lang="en">Signet</span> <span class="brand-sub">${PAGE_MESSAGES[language].brandSub}</span></span></header>
<main>
${main}
</main>
</div>
</body>
</html>
`.value;
}

/**
 * Sends a page with its CSP and, as the login app's pages are sent, in a browsing context of its own
 * (COOP: no opener from another site can reach it) and readable by this origin only (CORP); never
 * cached (errors and sign-in pages are about one request).
 */
export function sendPage(res: Response, status: number, page: string): void {
  res
    .status(status)
    .set({
      'Content-Security-Policy': PAGE_CSP,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    })
    .type('html')
    .send(page);
}
