import { describe, expect, it } from 'vitest';
import { sanitizeArticleHtml, textToHtml } from './article-html.ts';

describe('sanitizeArticleHtml', () => {
  it.each([
    ['keeps the editor’s subset', '<h2>退货</h2><p>先<strong>申请</strong>，再<em>寄回</em>。</p><ul><li>一</li><li>二</li></ul>', '<h2>退货</h2><p>先<strong>申请</strong>，再<em>寄回</em>。</p><ul><li>一</li><li>二</li></ul>'],
    ['drops scripts with their content', '<p>a</p><script>alert(1)</script><p>b</p>', '<p>a</p><p>b</p>'],
    ['drops styles and iframes with their content', '<style>p{}</style><iframe src="x">y</iframe><p>ok</p>', '<p>ok</p>'],
    ['drops unknown tags but keeps their text', '<div><span class="x">text</span></div>', 'text'],
    ['drops event handlers and styles', '<p onclick="x()" style="color:red">hi</p>', '<p>hi</p>'],
    ['keeps safe links and marks them', '<a href="https://example.com/a?b=1&amp;c=2" target="_blank">go</a>', '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">go</a>'],
    ['disarms javascript: links', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['disarms obfuscated schemes', '<a href="java\tscript:alert(1)">x</a><a href=" JAVASCRIPT:alert(1)">y</a>', '<a>x</a><a>y</a>'],
    ['keeps images from the web and the attachment store', '<img src="/api/v1/kb/attachments/1" alt="图"><img src="data:image/png;base64,xx">', '<img src="/api/v1/kb/attachments/1" alt="图">'],
    ['escapes text and attributes', '<p>&lt;b&gt; "q"</p><img src="https://x/a.png" alt="&quot;><script>">', '<p>&lt;b&gt; "q"</p><img src="https://x/a.png" alt="&quot;&gt;&lt;script&gt;">'],
    ['closes what was left open', '<p><strong>bold', '<p><strong>bold</strong></p>'],
    ['repairs mis-nesting', '<p><em>a</p>b', '<p><em>a</em></p>b'],
    ['drops comments', '<p>a<!-- secret --></p>', '<p>a</p>'],
  ])('%s', (_label, input, expected) => {
    expect(sanitizeArticleHtml(input).html).toBe(expected);
  });

  it('gives the text a reader sees, blocks on their own lines', () => {
    expect(sanitizeArticleHtml('<h2>Returns</h2><p>Within <b>7 days</b>.</p><ul><li>Apply</li><li>Ship</li></ul><p>Done</p>').text).toBe('Returns\nWithin 7 days.\n- Apply\n- Ship\nDone');
  });

  it('is idempotent', () => {
    const once = sanitizeArticleHtml('<p onclick=x>a<a href="https://a.b">l</a><img src="/api/x" alt=t><table><tr><td>c</td></tr></table></p>').html;
    expect(sanitizeArticleHtml(once).html).toBe(once);
  });
});

describe('textToHtml', () => {
  it('turns paragraphs and lines into escaped HTML', () => {
    expect(textToHtml('a <b>\nnext\n\nsecond')).toBe('<p>a &lt;b&gt;<br>next</p><p>second</p>');
  });
});
