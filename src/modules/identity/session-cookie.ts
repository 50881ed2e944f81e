/** The browser session lives in one http-only cookie; identity decides its name and lifetime. */
export const SESSION_COOKIE = 'kefu_session';

export function sessionCookieOptions(expiresAt: Date, secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, expires: expiresAt };
}
