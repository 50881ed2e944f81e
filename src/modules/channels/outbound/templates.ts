/**
 * Message templates of the outbound queue: named, shipped with defaults in both languages, overridable per workspace,
 * rendered for the recipient's language with `{{param}}` placeholders. Pure: the registry, the placeholder rules and
 * the rendering; storage of a workspace's overrides is in templates.repository.ts.
 *
 * A template has a subject (e-mail), a plain-text body (every channel), an optional HTML body (e-mail; without one the
 * HTML part is made from the text) and an optional short text for SMS. In the text parts a parameter is written as it
 * is; in HTML it is escaped, so a customer named `<script>` stays text.
 */
import type { Locale } from '../../../platform/i18n.ts';

export type TemplateParams = Record<string, string | number | null | undefined>;

export interface TemplateText {
  subject: string;
  body: string;
  /** The HTML of the e-mail; null makes it from `body`. */
  html: string | null;
  /** The text sent by SMS; null sends `body`. */
  sms: string | null;
}

export interface TemplateDefinition {
  name: string;
  /** The parameters its text may use; an admin's text naming any other is refused. */
  params: readonly string[];
  defaults: Record<Locale, TemplateText>;
  /** Values the admin screen previews it with. */
  sample: Record<string, string>;
}

/** The parameters every template may use besides its own; the queue fills them in. */
export const COMMON_PARAMS = ['workspaceName'] as const;

const registry = new Map<string, TemplateDefinition>();

/**
 * Adds templates to the registry, once at import (like message catalogues): the channels module ships its own, and a
 * module that sends its own kind of notice (a survey invitation, a complaint notice) registers its template the same way.
 */
export function registerTemplates(definitions: readonly TemplateDefinition[]): void {
  for (const definition of definitions) {
    const existing = registry.get(definition.name);
    if (existing && JSON.stringify(existing) !== JSON.stringify(definition)) throw new Error(`template registered twice with different content: ${definition.name}`);
    for (const locale of Object.keys(definition.defaults) as Locale[]) {
      const problems = placeholderProblems(definition, definition.defaults[locale]);
      if (problems.length > 0) throw new Error(`template ${definition.name} (${locale}) uses unknown parameters: ${problems.map((p) => p.unknown.join(', ')).join('; ')}`);
    }
    registry.set(definition.name, definition);
  }
}

export function findTemplate(name: string): TemplateDefinition | undefined {
  return registry.get(name);
}

export function listTemplates(): TemplateDefinition[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** The parameter names a text refers to, in order of first use. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** For each part of a template text, the placeholders that are neither the template's parameters nor common ones. */
export function placeholderProblems(definition: Pick<TemplateDefinition, 'params'>, text: Partial<TemplateText>): { part: keyof TemplateText; unknown: string[] }[] {
  const known = new Set<string>([...definition.params, ...COMMON_PARAMS]);
  const problems: { part: keyof TemplateText; unknown: string[] }[] = [];
  for (const part of ['subject', 'body', 'html', 'sms'] as const) {
    const value = text[part];
    if (!value) continue;
    const unknown = placeholdersOf(value).filter((name) => !known.has(name));
    if (unknown.length > 0) problems.push({ part, unknown });
  }
  return problems;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

const paramText = (params: TemplateParams, name: string): string => {
  const value = params[name];
  return value === null || value === undefined ? '' : String(value);
};

/** Fills the placeholders; `escape` is applied to each value (HTML), never to the template's own text. */
export function fillPlaceholders(template: string, params: TemplateParams, escape: (text: string) => string = (text) => text): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => escape(paramText(params, name)));
}

// A web address is ASCII up to the first space, quote or non-ASCII character (Chinese punctuation ends it);
// trailing sentence punctuation is not part of it.
const URL_IN_TEXT = /\bhttps?:\/\/[!#-&(-;=?-~]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/**
 * Plain text as HTML: escaped, blank-line separated paragraphs, line breaks kept, web addresses made links (a
 * sign-in link or a survey link must be clickable in the HTML part too).
 */
export function textToHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n{2,}/);
  return paragraphs
    .map((paragraph) => {
      const linked = paragraph.replace(URL_IN_TEXT, (match) => {
        const url = match.replace(TRAILING_PUNCTUATION, '');
        return `\u0000${url}\u0001${match.slice(url.length)}`;
      });
      // Escaped after the addresses were marked, so an address's & becomes &amp; inside href and text alike.
      const escaped = escapeHtml(linked).replace(/\u0000([^\u0001]*)\u0001/g, (_whole, url: string) => `<a href="${url}">${url}</a>`);
      return `<p>${escaped.replace(/\n/g, '<br>\n')}</p>`;
    })
    .join('\n');
}

/** The HTML document an e-mail carries: the language for screen readers and fonts, a readable width, nothing remote. */
export function wrapEmailHtml(bodyHtml: string, locale: Locale): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>',
    '<body style="margin:0;padding:16px;font-family:-apple-system,BlinkMacSystemFont,\'Segoe UI\',\'PingFang SC\',\'Microsoft YaHei\',sans-serif;font-size:14px;line-height:1.6;color:#1f1f1f">',
    `<div style="max-width:640px">${bodyHtml}</div>`,
    '</body>',
    '</html>',
  ].join('\n');
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

// How a customer whose name is unknown (a bare e-mail address) is addressed: "Dear customer," / "尊敬的客户，您好：".
const NAMELESS_CUSTOMER: Record<Locale, string> = { en: 'customer', 'zh-CN': '尊敬的客户' };

/** One template text filled for one recipient: subject on one line, HTML with its values escaped. */
export function renderTemplateText(text: TemplateText, givenParams: TemplateParams, locale: Locale): RenderedMessage {
  const params = { ...givenParams, customerName: paramText(givenParams, 'customerName').trim() || NAMELESS_CUSTOMER[locale] };
  const body = fillPlaceholders(text.body, params).trim();
  const html = text.html ? fillPlaceholders(text.html, params, escapeHtml) : textToHtml(body);
  return {
    subject: fillPlaceholders(text.subject, params).replace(/\s+/g, ' ').trim(),
    text: body,
    html: wrapEmailHtml(html, locale),
    sms: text.sms ? fillPlaceholders(text.sms, params).trim() : body,
  };
}
