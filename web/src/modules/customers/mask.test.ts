import { describe, expect, it } from 'vitest';
import { isMasked, maskEmail, maskPhone } from './mask.ts';

describe('contact masking for display', () => {
  it('keeps the carrier prefix and the last four digits of a mobile number', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('+8613912345678')).toBe('139****5678');
    expect(maskPhone('+14155550100')).toBe('+141****0100');
  });
  it('hides most of a short number', () => {
    expect(maskPhone('95588')).toBe('9***8');
  });
  it('keeps the first letter and the domain of an e-mail', () => {
    expect(maskEmail('zhang.wei@example.com')).toBe('z***@example.com');
    expect(maskEmail('nobody')).toBe('***');
  });
  it('recognises values the server masked', () => {
    expect(isMasked('139****5678')).toBe(true);
    expect(isMasked('13912345678')).toBe(false);
  });
});
