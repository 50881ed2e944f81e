import { describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES } from './template-defaults.ts';
import { sanitizeTemplateHtml } from './template-html.ts';
import { escapeHtml, fillPlaceholders, placeholderProblems, placeholdersOf, registerTemplates, renderTemplateText, textToHtml } from './templates.ts';

describe('placeholders', () => {
  it.each([
    ['Hello {{name}}', ['name']],
    ['{{ a }} and {{b_2}} and {{a}}', ['a', 'b_2']],
    ['{single} {{}} {{1x}} {{ x y }}', []],
    ['无占位符', []],
  ])('%s → %j', (text, expected) => {
    expect(placeholdersOf(text)).toEqual(expected);
  });

  it('reports each part that names a parameter the template does not have; the common ones are allowed', () => {
    const definition = { params: ['ticketNumber'] };
    expect(placeholderProblems(definition, { subject: '{{ticketNumber}} {{workspaceName}}', body: '{{ticketNumbr}}', html: null, sms: '{{x}} {{y}}' })).toEqual([
      { part: 'body', unknown: ['ticketNumbr'] },
      { part: 'sms', unknown: ['x', 'y'] },
    ]);
  });
});

describe('filling and escaping', () => {
  it.each([
    ['{{a}}', { a: '<b>&"\'' }, '&lt;b&gt;&amp;&quot;&#39;'],
    ['{{a}}-{{missing}}-{{n}}', { a: 'x', n: 3 }, 'x--3'],
    ['{{a}}', { a: null }, ''],
  ])('%s with %j → %s (HTML)', (template, params, expected) => {
    expect(fillPlaceholders(template, params, escapeHtml)).toBe(expected);
  });

  it('leaves text parts as written and never treats a value as a placeholder again', () => {
    expect(fillPlaceholders('{{a}} {{b}}', { a: '{{b}}', b: '<i>' })).toBe('{{b}} <i>');
  });

  it.each([
    ['one\ntwo\n\nthree', '<p>one<br>\ntwo</p>\n<p>three</p>'],
    ['Rate us: https://s.example/r?t=1&x=2.', '<p>Rate us: <a href="https://s.example/r?t=1&amp;x=2">https://s.example/r?t=1&amp;x=2</a>.</p>'],
    ['评分：https://s.example/1。谢谢', '<p>评分：<a href="https://s.example/1">https://s.example/1</a>。谢谢</p>'],
    ['<script>x</script>', '<p>&lt;script&gt;x&lt;/script&gt;</p>'],
  ])('text → HTML: %j', (text, expected) => {
    expect(textToHtml(text)).toBe(expected);
  });

  it('renders a subject on one line, the HTML from the text when the template has none, and the SMS text or the body', () => {
    const rendered = renderTemplateText({ subject: 'Hi\n{{name}}', body: 'Dear {{name}}', html: null, sms: null }, { name: 'A&B' }, 'en');
    expect(rendered).toMatchObject({ subject: 'Hi A&B', text: 'Dear A&B', sms: 'Dear A&B' });
    expect(rendered.html).toContain('<p>Dear A&amp;B</p>');
    expect(rendered.html).toContain('lang="en"');
  });

  it.each([
    ['en', '', 'Dear customer,'],
    ['en', '  ', 'Dear customer,'],
    ['zh-CN', '', '尊敬的客户，您好：'],
    ['zh-CN', '王芳', '王芳，您好：'],
  ] as const)('addresses a customer in %s named %j as %j', (locale, customerName, greeting) => {
    const body = locale === 'en' ? 'Dear {{customerName}},' : '{{customerName}}，您好：';
    expect(renderTemplateText({ subject: 's', body, html: null, sms: null }, { customerName }, locale).text).toBe(greeting);
  });
});

describe('the shipped templates', () => {
  it('use only their own parameters, in both languages, and carry the ticket number in ticket subjects', () => {
    for (const template of BUILT_IN_TEMPLATES) {
      for (const text of Object.values(template.defaults)) {
        expect(placeholderProblems(template, text)).toEqual([]);
        if (template.params.includes('ticketNumber')) expect(text.subject).toContain('[#{{ticketNumber}}]');
      }
    }
  });

  it('refuses a second registration with other content', () => {
    expect(() => registerTemplates([{ ...BUILT_IN_TEMPLATES[0]!, params: [] }])).toThrow(/registered twice|unknown parameters/);
    expect(() => registerTemplates([BUILT_IN_TEMPLATES[0]!])).not.toThrow();
  });
});

describe('admin HTML', () => {
  it.each([
    ['<p onclick="x()">Hi</p>', '<p>Hi</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="{{surveyUrl}}">rate</a>', '<a href="{{surveyUrl}}">rate</a>'],
    ['<div style="color:red;background:url(http://t.example/x)">x</div>', '<div style="color:red">x</div>'],
    ['<iframe src="https://x.example"></iframe><form><input></form>ok', 'ok'],
    ['<img src="http://tracker.example/p.gif"><img src="https://cdn.example/logo.png" alt="logo">', '<img src="https://cdn.example/logo.png" alt="logo" />'],
  ])('%s → %s', (html, expected) => {
    expect(sanitizeTemplateHtml(html)).toBe(expected);
  });
});
