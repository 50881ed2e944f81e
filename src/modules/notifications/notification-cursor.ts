/** The list's keyset position (created_at DESC, id DESC) as an opaque cursor: `<epoch ms>.<id>`, base64url. */

const POSITION = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeNotificationCursor(position: { createdAt: Date; id: string }): string {
  return Buffer.from(`${position.createdAt.getTime()}.${position.id}`, 'utf8').toString('base64url');
}

/** The position, or null for anything encodeNotificationCursor did not make. */
export function decodeNotificationCursor(cursor: string): { createdAt: Date; id: string } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}
