import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldProblemsFromZodError, findJsonTextProblem, jsonValue, locateInvalidUtf8, longText, readIfMatch, requireIfMatch, text, textProblem, userLength } from './index.ts';

describe('the text rule', () => {
  it.each([
    ['plain text', 'Refund for order 42', undefined],
    ['Chinese', '退款申请（订单 42）', undefined],
    ['emoji with skin tone', '👍🏽 thanks', undefined],
    ['tab and newlines', 'line 1\n\tline 2\r\n', undefined],
    ['a lone high surrogate', 'a\uD800b', 'validation.lone_surrogate'],
    ['a lone low surrogate', 'a\uDC00b', 'validation.lone_surrogate'],
    ['a reversed pair', '\uDE00\uD83D', 'validation.lone_surrogate'],
    ['NUL', 'a\u0000b', 'validation.nul_character'],
    ['BEL', 'Bell\u0007', 'validation.control_characters'],
    ['an ANSI escape', '\u001b[31mred', 'validation.control_characters'],
    ['DEL', 'a\u007f', 'validation.control_characters'],
    ['a C1 control (NEL)', 'a\u0085b', 'validation.control_characters'],
  ])('%s', (_name, value, expected) => {
    expect(textProblem(value)).toBe(expected);
  });

  it.each([
    ['ascii', 'hello', 5],
    ['Chinese', '你好', 2],
    ['a decomposed é', 'e\u0301', 1],
    ['a family emoji (ZWJ sequence)', '👨‍👩‍👧', 1],
    ['a flag', '🇨🇳', 1],
  ])('counts %s as users see it', (_name, value, expected) => {
    expect(userLength(value)).toBe(expected);
  });
});

describe('text schemas', () => {
  it('trims and composes one-line text, keeps free text as sent', () => {
    expect(text(10).parse('  Cafe\u0301  ')).toBe('Café');
    expect(text(20).parse('two\nlines\tand a tab')).toBe('two lines and a tab');
    expect(longText(100).parse('  two\n  lines ')).toBe('  two\n  lines ');
  });

  it('counts the maximum in characters users see, not UTF-16 units', () => {
    expect(text(3).safeParse('👍🏽👍🏽👍🏽').success).toBe(true);
    expect(text(3).safeParse('👍🏽👍🏽👍🏽👍🏽').success).toBe(false);
  });

  it('names the field and the reason', () => {
    const schema = z.strictObject({ name: text(100, 1), tags: z.array(text(20)), notes: longText(100) });
    const result = schema.safeParse({ name: 'a\uD800b', tags: ['ok', 'x\u001b'], notes: 'n\u0000' });
    expect(fieldProblemsFromZodError(result.error!)).toEqual([
      { field: 'name', messageKey: 'validation.lone_surrogate', message: 'validation.lone_surrogate' },
      { field: 'tags[1]', messageKey: 'validation.control_characters', message: 'validation.control_characters' },
      { field: 'notes', messageKey: 'validation.nul_character', message: 'validation.nul_character' },
    ]);
  });

  it('marks the kind of text in the JSON schema (the OpenAPI document)', () => {
    expect(z.toJSONSchema(text(50, 1), { io: 'input' })).toMatchObject({ type: 'string', maxLength: 50, minLength: 1, 'x-kefu-text': 'line' });
    expect(z.toJSONSchema(longText(500), { io: 'input' })).toMatchObject({ maxLength: 500, 'x-kefu-text': 'multiline' });
  });
});

describe('JSON input', () => {
  it('finds the first unstorable key or string at any depth', () => {
    expect(findJsonTextProblem({ a: [1, 'ok', { b: 'x\u0000' }] })).toEqual({ path: ['a', 2, 'b'], messageKey: 'validation.nul_character' });
    expect(findJsonTextProblem({ ['k\uD800']: 1 })).toEqual({ path: ['k\uD800'], messageKey: 'validation.lone_surrogate' });
    expect(findJsonTextProblem({ note: 'line\nbreak\ttab', list: [true, null, 2.5] })).toBeUndefined();
    let deep: unknown = 'leaf';
    for (let level = 0; level < 5_000; level++) deep = [deep];
    expect(findJsonTextProblem({ deep })).toMatchObject({ messageKey: 'validation.too_deep' });
  });

  it('applies the rule inside free-form JSON fields', () => {
    const result = jsonValue.safeParse({ nested: ['fine', 'bad\uDC00'] });
    expect(fieldProblemsFromZodError(result.error!, 'customFields.area')).toEqual([
      { field: 'customFields.area.nested[1]', messageKey: 'validation.lone_surrogate', message: 'validation.lone_surrogate' },
    ]);
  });

  it.each([
    ['a top-level string', '{"subject":"ab\xC3(","x":1}', ['subject']],
    ['an array item', '{"tags":["ok","b\xFF"]}', ['tags', 1]],
    ['a nested object after other keys', '{"a":{"b":"x","c":"\xED\xA0\x80"}}', ['a', 'c']],
    ['a key', '{"ok":1,"k\xC0\xAF":2}', []],
    ['an overlong encoding', '{"name":"\xE0\x80\xAF"}', ['name']],
  ])('locates invalid UTF-8 in %s', (_name, latin1, expected) => {
    expect(locateInvalidUtf8(Buffer.from(latin1, 'latin1'))).toEqual(expected);
  });

  it('finds no break in valid UTF-8, four-byte characters included', () => {
    expect(locateInvalidUtf8(Buffer.from('{"a":"你好 😀 \\"q\\""}', 'utf8'))).toBeUndefined();
  });
});

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['W/"12"', 12],
    ['7', 7],
    [undefined, undefined],
    [['"4"', '"5"'], 4],
  ])('reads %j', (header, expected) => {
    expect(readIfMatch(header as string | undefined)).toBe(expected);
  });

  it('rejects a malformed header on the header field and requires one where asked', () => {
    expect(() => readIfMatch('"abc"')).toThrow(expect.objectContaining({ code: 'validation', fields: [{ field: 'headers.if-match', messageKey: 'validation.bad_if_match' }] }));
    expect(() => requireIfMatch(undefined)).toThrow(expect.objectContaining({ code: 'precondition_required' }));
  });
});
