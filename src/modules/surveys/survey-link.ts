/**
 * Signed survey links: the link is the customer's only credential (no sign-in), so it names the workspace and the
 * invitation and carries an HMAC of both under the workspace's key. Anything changed in it fails the check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../platform/ids.ts';

export interface SurveyLinkClaims {
  workspaceId: string;
  invitationId: string;
}

function signatureOf(key: string, claims: SurveyLinkClaims): Buffer {
  return createHmac('sha256', key).update(`survey:${claims.workspaceId}:${claims.invitationId}`).digest();
}

export function signSurveyToken(key: string, claims: SurveyLinkClaims): string {
  return `${claims.workspaceId}.${claims.invitationId}.${signatureOf(key, claims).toString('base64url')}`;
}

/** The claims a token names, before its signature is checked (which needs the workspace's key). */
export function readSurveyToken(token: string): (SurveyLinkClaims & { signature: string }) | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [workspaceId, invitationId, signature] = parts as [string, string, string];
  if (!isUuid(workspaceId) || !isUuid(invitationId) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return undefined;
  return { workspaceId, invitationId, signature };
}

export function verifySurveyToken(key: string, token: string): SurveyLinkClaims | undefined {
  const read = readSurveyToken(token);
  if (!read) return undefined;
  const expected = signatureOf(key, read);
  const given = Buffer.from(read.signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { workspaceId: read.workspaceId, invitationId: read.invitationId };
}
