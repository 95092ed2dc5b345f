// The one HTML escaper: the five characters that matter in content and quoted attributes, and
// the tagged template that escapes every value but SafeHtml.
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from './html.js';

describe('escapeHtml', () => {
  it('escapes &, <, >, double and single quotes, and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp; é ✓</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp; é ✓&lt;/a&gt;',
    );
    expect(escapeHtml('plain text, 100 %')).toBe('plain text, 100 %');
  });

  it('treats replacement patterns as text', () => {
    expect(escapeHtml("x $` y $' z $&")).toBe('x $` y $&#39; z $&amp;');
  });
});

describe('html', () => {
  it('escapes every value put into the template', () => {
    expect(html`<td title="${'"x\' <b>'}">${'<i>&'}</td>`.value).toBe(
      '<td title="&quot;x&#39; &lt;b&gt;">&lt;i&gt;&amp;</td>',
    );
  });

  it('keeps SafeHtml as it is, joins arrays and drops undefined, null and false', () => {
    expect(html`<ul>${['<a>', html`<li>ok</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
    expect(html`[${undefined}${null}${false}${0}]`.value).toBe('[0]');
    expect(html`${new SafeHtml('<br>')}`.toString()).toBe('<br>');
  });
});
