import { convert, type HtmlToTextOptions } from 'html-to-text';

// Links keep their address only when the text does not already show it; images are dropped (their
// files are attachments); script and style never reach the text.
const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  preserveNewlines: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false, linkBrackets: [' <', '>'] } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'blockquote', options: { trimEmptyLines: true } },
  ],
};

/** The text of an HTML mail part, for the conversation and for search. Quotes stay as `>` lines. */
export function htmlToText(html: string): string {
  return convert(html, OPTIONS)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
