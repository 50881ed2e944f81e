/**
 * Signed survey links: the link is the customer's only credential (no sign-in), so it names the workspace and the
 * invitation and carries an HMAC of both under the workspace's key. Anything changed in it fails the check. The
 * ids travel as 16 bytes each and the MAC as its first 16 bytes (128 bits), so the token stays short enough for a
 * path segment and an SMS.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../platform/ids.ts';

export interface SurveyLinkClaims {
  workspaceId: string;
  invitationId: string;
}

const MAC_BYTES = 16;

const uuidToBytes = (uuid: string): Buffer => Buffer.from(uuid.replaceAll('-', ''), 'hex');
function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function signatureOf(key: string, claims: SurveyLinkClaims): Buffer {
  return createHmac('sha256', key).update(`survey:${claims.workspaceId}:${claims.invitationId}`).digest().subarray(0, MAC_BYTES);
}

export function signSurveyToken(key: string, claims: SurveyLinkClaims): string {
  return [uuidToBytes(claims.workspaceId), uuidToBytes(claims.invitationId), signatureOf(key, claims)].map((part) => part.toString('base64url')).join('.');
}

/** The claims a token names, before its signature is checked (which needs the workspace's key). */
export function readSurveyToken(token: string): (SurveyLinkClaims & { signature: Buffer }) | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]{22}$/.test(part))) return undefined;
  const [workspace, invitation, signature] = parts.map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
  const workspaceId = bytesToUuid(workspace);
  const invitationId = bytesToUuid(invitation);
  if (!isUuid(workspaceId) || !isUuid(invitationId)) return undefined;
  return { workspaceId, invitationId, signature };
}

export function verifySurveyToken(key: string, token: string): SurveyLinkClaims | undefined {
  const read = readSurveyToken(token);
  if (!read) return undefined;
  const expected = signatureOf(key, read);
  if (read.signature.length !== expected.length || !timingSafeEqual(read.signature, expected)) return undefined;
  return { workspaceId: read.workspaceId, invitationId: read.invitationId };
}
