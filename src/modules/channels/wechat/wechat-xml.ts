/**
 * The XML WeChat posts: one `<xml>` root whose children are fields, their values in CDATA sections or plain
 * text (nested fields such as `ScanCodeInfo.ScanResult` are flattened with a dot). Deliberately small: no
 * DOCTYPE, no entity declarations (nothing to expand, nothing to fetch), attributes ignored, depth bounded.
 */
export class WechatXmlError extends Error {
  constructor(readonly reason: string) {
    super(`malformed WeChat XML: ${reason}`);
    this.name = 'WechatXmlError';
  }
}

const MAX_DEPTH = 8;
const NAME = /[A-Za-z_][\w.-]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  // Every & must start a reference: a bare one is not well-formed XML.
  return text.replace(/&([^&;\s<]{0,10})(;?)/g, (whole, entity: string, semicolon: string) => {
    if (!semicolon) throw new WechatXmlError(`bare & in ${JSON.stringify(whole)}`);
    if (/^#x[0-9a-fA-F]{1,6}$|^#\d{1,7}$/.test(entity)) {
      const code = entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new WechatXmlError(`character reference ${whole}`);
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[entity];
    if (value === undefined) throw new WechatXmlError(`unknown entity ${whole}`);
    return value;
  });
}

/** Parses the document into its fields; throws WechatXmlError on anything that is not well-formed. */
export function parseWechatXml(source: string): Record<string, string> {
  let at = 0;
  const fields: Record<string, string> = {};

  const skipSpace = () => {
    while (at < source.length && /\s/.test(source[at]!)) at++;
  };
  const expect = (literal: string) => {
    if (!source.startsWith(literal, at)) throw new WechatXmlError(`expected ${literal} at ${at}`);
    at += literal.length;
  };
  const readName = (): string => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) throw new WechatXmlError(`expected a name at ${at}`);
    at += match[0].length;
    return match[0];
  };
  /** The rest of a start tag after its name: attributes (skipped, quotes respected) up to `>` or `/>`. */
  const readTagEnd = (): 'open' | 'empty' => {
    while (at < source.length) {
      const char = source[at]!;
      if (char === '"' || char === "'") {
        const close = source.indexOf(char, at + 1);
        if (close < 0) throw new WechatXmlError('unterminated attribute');
        at = close + 1;
      } else if (char === '>') {
        at++;
        return 'open';
      } else if (source.startsWith('/>', at)) {
        at += 2;
        return 'empty';
      } else if (char === '<') throw new WechatXmlError(`unexpected < at ${at}`);
      else at++;
    }
    throw new WechatXmlError('unterminated tag');
  };

  /** An element whose `<` has been read; returns its text, recording nested fields under `path`. */
  const readElement = (path: string, depth: number): string => {
    if (depth > MAX_DEPTH) throw new WechatXmlError('nested too deep');
    const name = readName();
    if (readTagEnd() === 'empty') return '';
    let text = '';
    let hasChildren = false;
    for (;;) {
      if (at >= source.length) throw new WechatXmlError(`unclosed <${name}>`);
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at + 9);
        if (end < 0) throw new WechatXmlError('unterminated CDATA section');
        text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at + 4);
        if (end < 0) throw new WechatXmlError('unterminated comment');
        at = end + 3;
      } else if (source.startsWith('</', at)) {
        at += 2;
        const closing = readName();
        if (closing !== name) throw new WechatXmlError(`</${closing}> closes <${name}>`);
        skipSpace();
        expect('>');
        return hasChildren ? text.trim() : text;
      } else if (source[at] === '<') {
        if (source[at + 1] === '!' || source[at + 1] === '?') throw new WechatXmlError(`declaration inside <${name}>`);
        at++;
        hasChildren = true;
        const childStart = at;
        const childName = readName();
        at = childStart;
        const key = path ? `${path}.${childName}` : childName;
        fields[key] = readElement(key, depth + 1);
      } else {
        const next = source.indexOf('<', at);
        const end = next < 0 ? source.length : next;
        text += decodeEntities(source.slice(at, end));
        at = end;
      }
    }
  };

  skipSpace();
  if (source.startsWith('<?xml', at)) {
    const end = source.indexOf('?>', at);
    if (end < 0) throw new WechatXmlError('unterminated XML declaration');
    at = end + 2;
    skipSpace();
  }
  if (source.startsWith('<!', at)) throw new WechatXmlError('DOCTYPE and declarations are not accepted');
  expect('<');
  const rootStart = at;
  if (readName() !== 'xml') throw new WechatXmlError('the root element is not <xml>');
  at = rootStart;
  readElement('', 1);
  skipSpace();
  if (at !== source.length) throw new WechatXmlError('content after the root element');
  return fields;
}

const cdata = (value: string) => `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** The XML for fields (tests and the fake WeChat server send what WeChat sends); numbers stay bare as WeChat writes them. */
export function buildWechatXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => `<${name}>${typeof value === 'number' ? value : cdata(value)}</${name}>`)
    .join('');
  return `<xml>${body}</xml>`;
}
