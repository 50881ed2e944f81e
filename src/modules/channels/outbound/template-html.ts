import sanitizeHtml from 'sanitize-html';

/**
 * An admin's HTML for an e-mail template, cleaned to what mail clients render and nothing that runs: no script, no
 * event handlers, no forms or frames, links only to web and mail addresses, inline styles without `url(…)`. The
 * `{{param}}` placeholders are plain text to the sanitiser and survive, in text and in `href`.
 */
export function sanitizeTemplateHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'span', 'font', 'center'],
    allowedAttributes: {
      '*': ['style', 'align', 'dir', 'lang', 'title'],
      a: ['href', 'name', 'target'],
      img: ['src', 'alt', 'width', 'height'],
      table: ['width', 'border', 'cellpadding', 'cellspacing', 'bgcolor'],
      td: ['width', 'colspan', 'rowspan', 'valign', 'bgcolor'],
      th: ['width', 'colspan', 'rowspan', 'valign', 'bgcolor'],
      font: ['color', 'size', 'face'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https', 'data'] },
    allowedStyles: { '*': SAFE_STYLES },
    disallowedTagsMode: 'discard',
    // An image whose address was refused (plain http, a tracker) goes entirely.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}

const ANY_VALUE = [/^(?!.*(?:url\s*\(|expression\s*\(|javascript:)).*$/i];

/** Presentational properties only; values that fetch or run something are dropped. */
export const SAFE_STYLES: Record<string, RegExp[]> = Object.fromEntries(
  [
    'color',
    'background-color',
    'font-family',
    'font-size',
    'font-weight',
    'font-style',
    'line-height',
    'text-align',
    'text-decoration',
    'vertical-align',
    'white-space',
    'margin',
    'margin-top',
    'margin-bottom',
    'margin-left',
    'margin-right',
    'padding',
    'padding-top',
    'padding-bottom',
    'padding-left',
    'padding-right',
    'border',
    'border-top',
    'border-bottom',
    'border-left',
    'border-right',
    'border-color',
    'border-collapse',
    'border-radius',
    'width',
    'max-width',
    'height',
    'display',
  ].map((property) => [property, ANY_VALUE]),
);
