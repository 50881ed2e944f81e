import { describe, expect, it } from 'vitest';
import { validateCustomFields, visibleCustomFields, type CustomFieldDefinition, type CustomFieldType } from './custom-fields.ts';

const at = new Date('2026-01-01T00:00:00Z');
const def = (key: string, type: CustomFieldType, extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition => ({
  id: key,
  key,
  labels: { en: key, 'zh-CN': key },
  type,
  options: [
    { value: 'a', labels: { en: 'A', 'zh-CN': '甲' } },
    { value: 'b', labels: { en: 'B', 'zh-CN': '乙' } },
  ],
  isRequired: false,
  position: 0,
  createdAt: at,
  updatedAt: at,
  ...extra,
});

const defs = [
  def('order_no', 'text', { isRequired: true }),
  def('amount', 'number'),
  def('due', 'date'),
  def('channel_kind', 'select'),
  def('areas', 'multi_select'),
  def('vip', 'checkbox'),
];

describe('validateCustomFields', () => {
  it('accepts good values of every type and normalises them', () => {
    const result = validateCustomFields(defs, { order_no: '  A-1 ', amount: 12.5, due: '2026-02-28', channel_kind: 'a', areas: ['a', 'b', 'a'], vip: true }, { mode: 'create' });
    expect(result.problems).toEqual([]);
    expect(result.values).toEqual({ order_no: 'A-1', amount: 12.5, due: '2026-02-28', channel_kind: 'a', areas: ['a', 'b'], vip: true });
  });

  it.each([
    [{ amount: '12' }, 'customFields.amount', 'validation.invalid_type'],
    [{ amount: Number.NaN }, 'customFields.amount', 'validation.invalid_type'],
    [{ due: '2026-02-30' }, 'customFields.due', 'validation.invalid_format'],
    [{ due: '28/02/2026' }, 'customFields.due', 'validation.invalid_format'],
    [{ channel_kind: 'z' }, 'customFields.channel_kind', 'validation.invalid_value'],
    [{ areas: ['a', 'z'] }, 'customFields.areas', 'validation.invalid_value'],
    [{ areas: 'a' }, 'customFields.areas', 'validation.invalid_value'],
    [{ vip: 'yes' }, 'customFields.vip', 'validation.invalid_type'],
    [{ order_no: 'x'.repeat(2001) }, 'customFields.order_no', 'validation.too_long'],
    [{ order_no: 'a\u0000b' }, 'customFields.order_no', 'validation.control_characters'],
    [{ nope: 1 }, 'customFields.nope', 'validation.unknown_field'],
  ])('rejects %j', (input, field, messageKey) => {
    const result = validateCustomFields(defs, { order_no: 'ok', ...input }, { mode: 'create' });
    expect(result.problems).toEqual([expect.objectContaining({ field, messageKey })]);
  });

  it('demands required fields on create, but not from the system (channel intake)', () => {
    expect(validateCustomFields(defs, {}, { mode: 'create' }).problems).toEqual([{ field: 'customFields.order_no', messageKey: 'validation.required' }]);
    expect(validateCustomFields(defs, {}, { mode: 'create', enforceRequired: false }).problems).toEqual([]);
  });

  it('on update checks only what is sent, merges, and removes emptied optional fields', () => {
    const current = { order_no: 'A-1', amount: 3 };
    const result = validateCustomFields(defs, { amount: null, vip: false }, { mode: 'update', current });
    expect(result.problems).toEqual([]);
    expect(result.values).toEqual({ order_no: 'A-1', vip: false });
    expect(validateCustomFields(defs, { order_no: '' }, { mode: 'update', current }).problems[0]?.messageKey).toBe('validation.required');
  });

  it('stores SQL and HTML text verbatim', () => {
    const text = `'); DROP TABLE tickets; -- <script>alert(1)</script>`;
    expect(validateCustomFields(defs, { order_no: text }, { mode: 'create' }).values.order_no).toBe(text);
  });
});

describe('visibleCustomFields', () => {
  it('hides values of deleted fields', () => {
    expect(visibleCustomFields(defs.slice(0, 2), { order_no: 'x', gone: 1 })).toEqual({ order_no: 'x' });
  });
});
