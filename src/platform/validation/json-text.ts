import { storableTextProblem, textProblem } from './text-rule.ts';

export interface JsonTextProblem {
  path: (string | number)[];
  messageKey: string;
}

/** No request needs deeper JSON; much deeper nesting only exhausts the stack of whatever walks it next. */
export const MAX_JSON_DEPTH = 32;

/**
 * The first key or string in a parsed JSON value that breaks the text rule. Keys are names and must be clean
 * text; values only need to be storable (a JSON document may carry free text with any layout).
 */
export function findJsonTextProblem(value: unknown, path: (string | number)[] = []): JsonTextProblem | undefined {
  if (path.length > MAX_JSON_DEPTH) return { path: path.slice(0, MAX_JSON_DEPTH), messageKey: 'validation.too_deep' };
  if (typeof value === 'string') {
    const messageKey = storableTextProblem(value);
    return messageKey ? { path, messageKey } : undefined;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findJsonTextProblem(value[index], [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: [...path, key], messageKey: keyProblem };
      const found = findJsonTextProblem(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Where in a JSON text the first invalid UTF-8 byte sits, as a field path (`customer.name`, `tags[2]`):
 * the bytes before it decode cleanly, and walking that prefix tells which value was open at the break.
 */
export function locateInvalidUtf8(body: Uint8Array): (string | number)[] | undefined {
  const offset = firstInvalidUtf8Offset(body);
  if (offset === undefined) return undefined;
  return openJsonPath(new TextDecoder().decode(body.subarray(0, offset)));
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f; // surrogates are not encodable
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      if (byte === undefined || byte < (next === 1 ? low : 0x80) || byte > (next === 1 ? high : 0xbf)) return index;
    }
    index += length;
  }
  return undefined;
}

/** The path of the value being written at the end of a JSON prefix. */
function openJsonPath(prefix: string): (string | number)[] {
  type Frame = { kind: 'object'; key: string | undefined; expectingKey: boolean } | { kind: 'array'; index: number };
  const stack: Frame[] = [];
  let index = 0;
  while (index < prefix.length) {
    const char = prefix[index]!;
    if (char === '"') {
      const end = closingQuote(prefix, index + 1);
      const top = stack.at(-1);
      if (end === undefined) break;
      if (top?.kind === 'object' && top.expectingKey) {
        top.key = JSON.parse(prefix.slice(index, end + 1)) as string;
        top.expectingKey = false;
      }
      index = end + 1;
      continue;
    }
    if (char === '{') stack.push({ kind: 'object', key: undefined, expectingKey: true });
    else if (char === '[') stack.push({ kind: 'array', index: 0 });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'array') top.index++;
      else if (top) top.expectingKey = true;
    }
    index++;
  }
  const top = stack.at(-1);
  if (top?.kind === 'object' && top.expectingKey) top.key = undefined; // the break is inside a key: name its object
  return stack.flatMap((frame): (string | number)[] => (frame.kind === 'array' ? [frame.index] : frame.key === undefined ? [] : [frame.key]));
}

function closingQuote(source: string, from: number): number | undefined {
  for (let index = from; index < source.length; index++) {
    if (source[index] === '\\') index++;
    else if (source[index] === '"') return index;
  }
  return undefined;
}
