// `GET /login` without a sign-in request: the sign-in page learns its sign-in from the query that
// /authorize sends it with (`client_id` and the other validated parameters), so a /login without
// `client_id` was opened on its own — from a bookmark, a banner link or by hand. Instead of an
// error, the resident is told what the page is and where sign-ins start, in their language.
import { html } from '../http/html.js';
import type { PageLanguage } from './languages.js';
import { renderPage } from './layout.js';
import { PAGE_MESSAGES } from './page-messages.js';

/** Whether a /login request carries a sign-in: /authorize always sends client_id (the login app's own test of a request). */
export function carriesSignIn(query: Record<string, unknown>): boolean {
  return query.client_id !== undefined;
}

export function renderNoTransactionPage(language: PageLanguage): string {
  const words = PAGE_MESSAGES[language].noTransaction;
  return renderPage({
    language,
    title: words.title,
    main: html`<section class="card" aria-labelledby="page-title">
<div class="status-icon status-info" aria-hidden="true">i</div>
<h1 id="page-title">${words.title}</h1>
<p>${words.what}</p>
<p>${words.why}</p>
<p class="next-step">${words.nextStep}</p>
</section>`,
  });
}
