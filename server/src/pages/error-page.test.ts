// The error page's words and escaping: a known situation in the page language with the technical
// description in small print, never as the page's text; every value escaped.
import { describe, expect, it } from 'vitest';
import { loginErrorView } from '../login-ui/router.js';
import { renderErrorPage } from './error-page.js';

describe('renderErrorPage', () => {
  it('says the situation in the page language and keeps code and description for the small print', () => {
    const page = renderErrorPage({
      language: 'fr',
      error: 'invalid_request',
      situation: 'unknown_application',
      description: 'client_id is missing',
    });
    expect(page).toContain('<html lang="fr" dir="ltr">');
    expect(page).toContain('<p>L’application qui vous a envoyé ici n’est pas enregistrée');
    expect(page).toContain(
      '<p class="small-print">Code d’erreur: invalid_request (<span lang="en">client_id is missing</span>)</p>',
    );
  });

  it('escapes code and description, in English and left to right inside a right-to-left page', () => {
    const page = renderErrorPage({
      language: 'ar',
      error: 'x<y',
      situation: 'malformed_request',
      description: `<script>alert("1")</script> $& $'`,
    });
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain(
      '<p class="small-print">رمز الخطأ: <span dir="ltr">x&lt;y (<span lang="en">&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; $&amp; $&#39;</span>)</span></p>',
    );
    expect(page).not.toContain('<script');
  });
});

describe('loginErrorView', () => {
  it('accepts only a code-shaped error and a short description', () => {
    expect(loginErrorView('access_denied', '  no  ', 'en')).toMatchObject({
      language: 'en',
      error: 'access_denied',
      description: 'no',
    });
    expect(loginErrorView('<b>', 'x'.repeat(400), 'en')).toMatchObject({
      error: 'invalid_request',
      description: 'x'.repeat(300),
    });
    expect(loginErrorView(['a'], undefined, 'km')).toMatchObject({
      language: 'km',
      error: 'invalid_request',
      situation: 'malformed_request',
    });
  });

  it("never makes the query's description the text of the page: anyone can link to /login/error with words of their own", () => {
    const lure = 'Your account is locked. Call +855 12 345 678 to unlock it.';
    const page = renderErrorPage(loginErrorView('access_denied', lure, 'en'));
    const [main, smallPrint] = page.split('<p class="small-print">');
    expect(main).not.toContain(lure);
    expect(main).toContain(
      '<p>The sign-in request from the application was incomplete or not in the expected format.</p>',
    );
    expect(smallPrint).toContain(`access_denied (<span lang="en">${lure}</span>)`);
  });
});
