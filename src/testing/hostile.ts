/**
 * Hostile input for the write-endpoint fuzz test: strings that break text rules, values of the wrong shape,
 * and helpers that read the OpenAPI document's request schemas.
 */
import fc from 'fast-check';

/** Fixed with KEFU_FUZZ_SEED to replay a failure; fast-check prints the seed of a failing run. */
export const FUZZ_SEED = Number(process.env.KEFU_FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Pieces a hostile string is built from; each one has broken a web application somewhere. */
const FRAGMENTS = [
  '\uD800', // lone high surrogate
  '\uDC00', // lone low surrogate
  '\uDE00\uD83D', // a pair in the wrong order
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u0085',
  '\u007f',
  '\u202E', // right-to-left override
  '\u200B', // zero-width space
  '\uFEFF',
  'e\u0301', // decomposed é: NFC changes it
  'Å',
  '👨‍👩‍👧',
  '🇨🇳',
  '👍🏽',
  '退款',
  '繁體字',
  'ＡＢＣ１２３',
  '  ',
  '\n',
  '\r\n',
  '\t',
  "'; DROP TABLE tickets; --",
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '%00',
  '%ED%A0%80',
  '\\',
  '"',
  '\\u0000',
  '__proto__',
  'null',
  '\uFFFD',
  '\uFFFF',
  '\u{10FFFF}',
] as const;

/** Short text made of hostile fragments and arbitrary characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.integer({ min: 40, max: 60_000 }).chain((length) => fc.constantFrom('x', '字', '👍🏽', 'e\u0301').map((unit) => unit.repeat(length))) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

function nest(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = asArray ? [value] : { a: value };
  return value;
}

/** A value of the wrong type or an absurd shape, to put where a string, object or list is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, '', [], {}),
  fc.double(),
  fc.integer(),
  hostileString.map((text) => [text]),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  fc.constantFrom(10, 40, 200).chain((depth) => fc.boolean().map((asArray) => nest(depth, 'deep', asArray))),
  fc.constantFrom(1_000, 20_000).map((length) => Array.from({ length }, (_, index) => `item ${index}`)),
  fc.constant({ __proto__: { isAdmin: true }, constructor: { prototype: { polluted: true } } }),
);

/** JSON text nested thousands of levels deep, written as text: JSON.stringify itself would run out of stack. */
export const deeplyNestedJson: fc.Arbitrary<string> = fc
  .record({ depth: fc.constantFrom(1_000, 5_000, 100_000), asArray: fc.boolean() })
  .map(({ depth, asArray }) => (asArray ? `${'['.repeat(depth)}"x"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`));

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  'x-kefu-text'?: 'line' | 'multiline';
  [key: string]: unknown;
};

export type Path = (string | number)[];

/** Every path in a JSON value that ends at a leaf (a string, number, boolean or null). */
export function leafPaths(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return [{ path, value }];
}

/** Every path to an object inside a value, the value itself first: where an unknown key can be slipped in. */
export function objectPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') return [path, ...Object.entries(value).flatMap(([key, item]) => objectPaths(item, [...path, key]))];
  return [];
}

export function getAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

export function setAt<T>(value: T, path: Path, leaf: unknown): T {
  if (path.length === 0) return leaf as T;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let current = copy;
  for (const part of path.slice(0, -1)) current = current[part] as Record<string | number, unknown>;
  current[path.at(-1)!] = leaf;
  return copy as T;
}

/** The kind of text the schema declares at a path of a request body, if it declares one. */
export function textKindAt(schema: JsonSchema | undefined, path: Path, resolve: (ref: string) => JsonSchema | undefined): 'line' | 'multiline' | undefined {
  const candidates = expand(schema, resolve);
  if (path.length === 0) return candidates.map((candidate) => candidate['x-kefu-text']).find(Boolean);
  const [head, ...rest] = path;
  for (const candidate of candidates) {
    const next = typeof head === 'number' ? candidate.items : (candidate.properties?.[head!] ?? (typeof candidate.additionalProperties === 'object' ? candidate.additionalProperties : undefined));
    const kind = next ? textKindAt(next, rest, resolve) : undefined;
    if (kind) return kind;
  }
  return undefined;
}

function expand(schema: JsonSchema | undefined, resolve: (ref: string) => JsonSchema | undefined): JsonSchema[] {
  if (!schema) return [];
  if (schema.$ref) return expand(resolve(schema.$ref), resolve);
  const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  return [schema, ...alternatives.flatMap((alternative) => expand(alternative, resolve))];
}
