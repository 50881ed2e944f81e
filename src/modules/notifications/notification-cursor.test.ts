import { describe, expect, it } from 'vitest';
import { decodeNotificationCursor, encodeNotificationCursor } from './notification-cursor.ts';

describe('notification cursor', () => {
  it('round-trips a position', () => {
    const position = { createdAt: new Date('2026-03-02T01:05:00.123Z'), id: '0195f0a2-1111-7000-8000-000000000abc' };
    expect(decodeNotificationCursor(encodeNotificationCursor(position))).toEqual(position);
  });

  it.each(['', 'not a cursor', Buffer.from('123.not-a-uuid').toString('base64url'), Buffer.from('x.0195f0a2-1111-7000-8000-000000000abc').toString('base64url'), 'A'.repeat(300)])(
    'rejects %j',
    (cursor) => {
      expect(decodeNotificationCursor(cursor)).toBeNull();
    },
  );
});
