/**
 * Article bodies are a small allow-listed HTML subset: what the editor produces (paragraphs, headings, lists, quotes,
 * code, tables, links, images). Everything else is removed on the server before it is stored, whatever the client
 * sent, so the help center can show an article as it is. The plain text beside it feeds search, the bot and
 * replies inserted into tickets.
 */
import { Parser } from 'htmlparser2';

const ALLOWED = new Set(['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'a', 'img', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const VOID = new Set(['br', 'img', 'hr']);
/** Their content is not text a reader would see: dropped with the element. */
const DROPPED_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'textarea', 'select', 'head', 'title']);
const BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'li', 'blockquote', 'pre', 'tr', 'hr', 'br', 'table', 'ul', 'ol', 'div', 'h1', 'h5', 'h6']);
/** Links may leave for the web or mail; images come from the web or Kefu's own attachment URLs. */
const SAFE_LINK = /^(https?:\/\/|mailto:|\/|#)/i;
const SAFE_IMAGE = /^(https?:\/\/|\/api\/)/i;
const MAX_URL = 2000;

const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (value: string) => escapeText(value).replace(/"/g, '&quot;');

/** A URL attribute kept only when it is of an allowed kind; control characters and spaces inside the scheme disarm `java\tscript:`. */
function safeUrl(value: string | undefined, pattern: RegExp): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  // Browsers ignore tabs, line breaks and control characters inside a scheme: test what they would read.
  const probe = trimmed.replace(/[\u0000-\u0020\u007f]/g, '');
  if (trimmed.length === 0 || trimmed.length > MAX_URL || !pattern.test(probe)) return undefined;
  return trimmed;
}

function openTag(name: string, attributes: Record<string, string>): string | undefined {
  if (name === 'a') {
    const href = safeUrl(attributes.href, SAFE_LINK);
    return href ? `<a href="${escapeAttribute(href)}" rel="noopener noreferrer nofollow">` : '<a>';
  }
  if (name === 'img') {
    const src = safeUrl(attributes.src, SAFE_IMAGE);
    if (!src) return undefined;
    const alt = attributes.alt ? ` alt="${escapeAttribute(attributes.alt.slice(0, 300))}"` : '';
    return `<img src="${escapeAttribute(src)}"${alt}>`;
  }
  return `<${name}>`;
}

export interface CleanArticleBody {
  html: string;
  /** What a reader sees, as plain text: blocks on their own lines, list items with a dash. */
  text: string;
}

/** Removes everything outside the allow-list: unknown tags (their text stays), all attributes but safe href/src/alt. */
export function sanitizeArticleHtml(input: string): CleanArticleBody {
  let html = '';
  let text = '';
  const open: string[] = [];
  let droppedDepth = 0;
  const newline = () => {
    if (text.length > 0 && !text.endsWith('\n')) text += '\n';
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (droppedDepth > 0 || DROPPED_WITH_CONTENT.has(name)) {
          if (!VOID.has(name)) droppedDepth++;
          return;
        }
        if (BLOCKS.has(name)) newline();
        if (name === 'li') text += '- ';
        if (!ALLOWED.has(name)) return;
        const tag = openTag(name, attributes);
        if (tag === undefined) return;
        html += tag;
        if (name === 'img' && attributes.alt) text += attributes.alt.slice(0, 300);
        if (!VOID.has(name)) open.push(name);
      },
      ontext(value) {
        if (droppedDepth > 0) return;
        html += escapeText(value);
        text += value;
      },
      onclosetag(name, isImplied) {
        if (droppedDepth > 0) {
          if (!VOID.has(name)) droppedDepth--;
          return;
        }
        if (BLOCKS.has(name)) newline();
        if (!ALLOWED.has(name) || VOID.has(name)) return;
        const at = open.lastIndexOf(name);
        if (at < 0) return;
        // Close whatever was left open inside it, so the output is always well nested.
        while (open.length > at) html += `</${open.pop()}>`;
        void isImplied;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(input);
  parser.end();
  while (open.length > 0) html += `</${open.pop()}>`;
  return { html: html.trim(), text: text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim() };
}

/** Plain text (a case, a reply) as safe HTML paragraphs. */
export function textToHtml(value: string): string {
  return value
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeText(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
