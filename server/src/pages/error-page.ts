// The one error page of the server, for errors that must not go back to the application (an
// /authorize request whose client or redirect URI cannot be trusted, /login/error): what happened
// in plain words in the resident's language, what to do next, and the code — with the technical
// description, in English, for the application's support — in small print.
import type { Response } from 'express';
import { html } from '../http/html.js';
import { textDirection, type PageLanguage } from './languages.js';
import { renderPage, sendPage } from './layout.js';
import { PAGE_MESSAGES, type ErrorSituation } from './page-messages.js';

export interface ErrorPageView {
  language: PageLanguage;
  /** The catalogue code (OAuth or eSignet), in small print. */
  error: string;
  /** What happened, said in the page's language: the page's text is always the server's own words. */
  situation: ErrorSituation;
  /**
   * English, technical, for the application's support: in small print only, never the page's
   * text, since it may come from a link anyone can write (/login/error's query).
   */
  description: string;
}

export function renderErrorPage({ language, error, situation, description }: ErrorPageView): string {
  const words = PAGE_MESSAGES[language].error;
  // The code and the technical description read left to right, in English, inside any page.
  const technical = html`${error} (<span lang="en">${description}</span>)`;
  const smallPrint = textDirection(language) === 'rtl' ? html`<span dir="ltr">${technical}</span>` : technical;
  return renderPage({
    language,
    title: words.title,
    main: html`<section class="card" aria-labelledby="error-title">
<div class="status-icon status-error" aria-hidden="true">!</div>
<h1 id="error-title">${words.title}</h1>
<p>${words.situations[situation]}</p>
<p class="next-step">${words.nextStep}</p>
<p class="small-print">${words.codeLabel}: ${smallPrint}</p>
</section>`,
  });
}

/**
 * @example sendErrorPage(res, 400, { language: 'fr', error: 'invalid_request', situation: 'unknown_application', description: e.message });
 */
export function sendErrorPage(res: Response, status: number, view: ErrorPageView): void {
  sendPage(res, status, renderErrorPage(view));
}
