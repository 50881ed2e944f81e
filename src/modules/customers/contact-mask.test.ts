import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdentityValue, maskPhone } from './contact-mask.ts';

describe('maskPhone', () => {
  it.each([
    ['13912345678', '139****5678'],
    ['+8613912345678', '139****5678'],
    ['+14155550100', '+141****0100'],
    ['01012345678', '010****5678'],
    ['0101234567', '010***4567'],
    ['12345678', '12****78'],
    ['1234567', '1*****7'],
    ['95588', '9***8'],
    ['1234', '1**4'],
    ['110', '***'],
    ['+110', '+***'],
    ['', '***'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('keeps the length, hides all but 3 + 4 digits of full numbers and at least half of short ones', () => {
    for (let length = 3; length <= 20; length++) {
      const masked = maskPhone('7'.repeat(length));
      const hidden = masked.split('').filter((c) => c === '*').length;
      expect(masked.length).toBe(length);
      if (length >= 10) expect(hidden).toBe(length - 7);
      else expect(hidden).toBeGreaterThanOrEqual(length / 2);
    }
  });
});

describe('maskEmail', () => {
  it.each([
    ['zhang@example.com', 'z***@example.com'],
    ['z@example.com', 'z***@example.com'],
    ['wei.zhang+cs@mail.example.cn', 'w***@mail.example.cn'],
    ['张伟@例子.中国', '张***@例子.中国'],
    ['not-an-email', '***'],
    ['@example.com', '***'],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});

describe('maskIdentityValue', () => {
  it.each([
    ['email', 'zhang@example.com', 'z***@example.com'],
    ['phone', '13912345678', '139****5678'],
    ['wechat_openid', 'oAbC123_xyz', 'oAbC123_xyz'],
    ['external_id', 'CRM-42', 'CRM-42'],
  ] as const)('%s %s → %s', (kind, value, masked) => {
    expect(maskIdentityValue(kind, value)).toBe(masked);
  });
});
