/**
 * The portal's abuse rules without a CAPTCHA, as pure functions: fixed-window rate limits (the counters are rows, so
 * every node agrees), the web form's signed "opened at" token and its minimum fill time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface RateLimit {
  /** What is counted: one counter per scope and key (an IP, an address). */
  scope: string;
  max: number;
  windowSeconds: number;
}

export const RATE_LIMITS = {
  signInLinkPerAddress: { scope: 'sign-in-link:address', max: 5, windowSeconds: 3600 },
  signInLinkPerIp: { scope: 'sign-in-link:ip', max: 30, windowSeconds: 3600 },
  passwordPerAddress: { scope: 'password:address', max: 10, windowSeconds: 900 },
  passwordPerIp: { scope: 'password:ip', max: 50, windowSeconds: 900 },
  webFormPerAddress: { scope: 'web-form:address', max: 5, windowSeconds: 3600 },
  webFormPerIp: { scope: 'web-form:ip', max: 20, windowSeconds: 3600 },
  // Each question costs a search; a person rephrasing a few times stays far below.
  assistantPerIp: { scope: 'assistant:ip', max: 60, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimit>;

/** A form sent sooner than this after it was opened was filled by a program. */
export const MIN_FILL_SECONDS = 3;
/** A form opened longer ago than this is stale: open it again. */
export const MAX_FORM_AGE_SECONDS = 24 * 3600;

/** The start of the fixed window `now` falls in. */
export function windowStartOf(now: Date, windowSeconds: number): Date {
  const size = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / size) * size);
}

/** Seconds until the window `now` falls in ends (what Retry-After says), at least 1. */
export function secondsLeftInWindow(now: Date, windowSeconds: number): number {
  const end = windowStartOf(now, windowSeconds).getTime() + windowSeconds * 1000;
  return Math.max(1, Math.ceil((end - now.getTime()) / 1000));
}

export function isOverLimit(hits: number, limit: RateLimit): boolean {
  return hits > limit.max;
}

function signature(secret: string, workspaceId: string, openedAtMs: number): string {
  return createHmac('sha256', secret).update(`${workspaceId}.${openedAtMs}`).digest('base64url');
}

/** The token a web form carries from the moment it is opened: the time, signed, so it cannot be backdated. */
export function issueFormToken(secret: string, workspaceId: string, openedAt: Date): string {
  const openedAtMs = openedAt.getTime();
  return `${openedAtMs}.${signature(secret, workspaceId, openedAtMs)}`;
}

export type FormTokenVerdict = 'ok' | 'invalid' | 'too_fast' | 'stale';

/** Whether a form sent now with this token was opened by this workspace's page, long enough ago and not too long. */
export function checkFormToken(secret: string, workspaceId: string, token: string, now: Date): FormTokenVerdict {
  const match = /^(\d{1,15})\.([\w-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const openedAtMs = Number(match[1]);
  const expected = Buffer.from(signature(secret, workspaceId, openedAtMs));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const ageSeconds = (now.getTime() - openedAtMs) / 1000;
  if (ageSeconds < MIN_FILL_SECONDS) return 'too_fast';
  if (ageSeconds > MAX_FORM_AGE_SECONDS) return 'stale';
  return 'ok';
}
