import { assert } from 'chai';
import { escapeHtml, htmlToText, trimText } from '../../../server/src/text/html-to-text.js';

describe('htmlToText', () => {
  it('drops tags and the content of scripts, styles, heads and templates', () => {
    const html = '<head><title>t</title></head><div>Disk <b>full</b></div><script>steal(document.cookie)</script><style>p{}</style><template><i>x</i></template>';
    assert.equal(htmlToText(html), 'Disk full');
  });

  it('drops an element never closed up to the end, finds closes in any letter case, and leaves look-alike tags (<styles>) as tags', () => {
    assert.equal(htmlToText('<p>Disk full</p><style>p { color: red }'), 'Disk full');
    assert.equal(htmlToText('a<SCRIPT type="x">b</Script >c<styles>d</styles>'), 'a c d');
    assert.equal(htmlToText(`ok${'<style'.repeat(20_000)}`), 'ok', 'thousands of unclosed openers: one pass');
  });

  it('keeps line structure from breaks, paragraphs, list items and headings, without runs of blank lines', () => {
    const html = '<h1>Title</h1><p>one</p><p>two<br>three</p><ul><li>a</li><li>b</li></ul><div></div><div></div><div></div><p>end</p>';
    assert.equal(htmlToText(html), 'Title\none\ntwo\nthree\na\nb\n\nend');
  });

  it('decodes named, decimal and hex entities', () => {
    assert.equal(htmlToText('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&#39; &nbsp;f &#233; &#x1F525; &copy;'), 'a & b <c> "d" \'e\' f é 🔥 &copy;');
  });

  it('turns invalid numeric entities into a space instead of throwing', () => {
    assert.equal(htmlToText('a &#0; b &#99999999; c &#x110000; d'), 'a b c d');
  });

  it('leaves an entity-free plain text untouched apart from whitespace', () => {
    assert.equal(htmlToText('  plain\t text \r\n next  '), 'plain text\nnext');
    assert.equal(htmlToText(''), '');
  });

  it('converts a 300 KB description quickly', () => {
    const html = '<div><p>Line of text with <b>bold</b> &amp; entities</p><script>alert(1)</script></div>\n'.repeat(3500);
    assert.isAbove(html.length, 300_000);
    const started = process.hrtime.bigint();
    const text = htmlToText(html);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.notInclude(text, 'alert');
    assert.notInclude(text, '<');
    assert.isBelow(ms, 2000);
  });
});

describe('trimText', () => {
  it('leaves short text alone and cuts long text on a code point, marking the cut', () => {
    assert.equal(trimText('short', 10), 'short');
    assert.equal(trimText('abcdef', 4), 'abc…');
    assert.equal(trimText('🔥🔥🔥🔥', 3), '🔥🔥…');
    assert.lengthOf(Array.from(trimText('x'.repeat(5000), 2500)), 2500);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    assert.equal(escapeHtml(`<img src=x onerror="a('b')"> & co`), '&#60;img src=x onerror=&#34;a(&#39;b&#39;)&#34;&#62; &#38; co');
  });
});
