import type { IncomingMessage } from 'node:http';
import secureJson from 'secure-json-parse';
import { AppError } from '../platform/errors.ts';
import { fieldPath, findJsonTextProblem, locateInvalidUtf8 } from '../platform/validation/index.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON request body. Bad bytes are refused, not replaced (replacing them would store corrupted text),
 * and no key or string that the database cannot store (lone surrogates, NUL) gets past here, whatever the
 * route's schema: every problem names the field it is in.
 */
export function parseJsonBody(body: Buffer): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    const path = locateInvalidUtf8(body);
    const field = path && path.length > 0 ? fieldPath(path) : 'body';
    throw new AppError('validation', 'errors.bad_utf8', { fields: [{ field, messageKey: 'errors.bad_utf8' }] });
  }
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch {
    throw new AppError('validation', 'errors.bad_json', { fields: [{ field: 'body', messageKey: 'errors.bad_json' }] });
  }
  rejectUnstorableText(parsed, '');
  return parsed;
}

/** A 400 naming the first key or string under `value` that breaks the text rule. */
export function rejectUnstorableText(value: unknown, prefix: string): void {
  const found = findJsonTextProblem(value);
  if (!found) return;
  const field = fieldPath(found.path, prefix) || prefix || 'body';
  throw new AppError('validation', 'errors.validation', { fields: [{ field, messageKey: found.messageKey }] });
}

/** Reads and drops what is left of a request body, up to a byte and a time limit; true when it was read to the end. */
export function discardRequestBody(raw: IncomingMessage, maxBytes: number, maxMs: number): Promise<boolean> {
  if (raw.complete) return Promise.resolve(true);
  if (raw.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('close', finish);
      resolve(raw.complete);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) finish();
    };
    const timer = setTimeout(finish, maxMs);
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('close', finish);
    raw.resume();
  });
}
