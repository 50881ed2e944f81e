/** Test helpers of the portal: a workspace that mails through a local relay, and customers signed in by their link. */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestContext, TestWorkspace } from '../../testing/test-app.ts';
import type { Relay } from '../../testing/smtp-relay.ts';
import { PORTAL_COOKIE } from './portal.routes.ts';

export interface PortalWorkspace extends TestWorkspace {
  slug: string;
}

/** A workspace with a mailbox that sends through the relay (sign-in links leave by real SMTP). */
export async function createPortalWorkspace(t: TestContext, relay: Relay, options: { locale?: 'en' | 'zh-CN' } = {}): Promise<PortalWorkspace> {
  const workspace = await t.createWorkspace({ locale: options.locale });
  const { slug } = await t.kernel.services.workspaces.getWorkspace(workspace.id);
  const email = t.kernel.services.channels.email;
  await email.createMailbox(workspace.admin.actor, { address: `support@${slug}.kefu.test`, displayName: 'Support' });
  await email.updateSettings(workspace.admin.actor, { relayUrl: `smtp://127.0.0.1:${relay.port}` });
  return { ...workspace, slug };
}

/** A portal request, with the customer's cookie when given. */
export function portalRequest(t: TestContext, method: string, url: string, options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}

/** Sends what is queued and returns the token of the newest sign-in link the relay received for the address. */
export async function receivedSignInToken(t: TestContext, relay: Relay, email: string): Promise<{ token: string; text: string; subject: string }> {
  await t.kernel.services.channels.outbound.sendPending();
  const mail = [...relay.received].reverse().find((received) => received.envelope.to.includes(email));
  expect(mail, `a sign-in mail to ${email}`).toBeTruthy();
  const text = mail!.mail.text;
  const match = /sign-in\?token=([\w%-]+)/.exec(text);
  expect(match, text).toBeTruthy();
  return { token: decodeURIComponent(match![1]!), text, subject: mail!.mail.subject };
}

/** The portal cookie a response set, as a Cookie header. */
export function portalCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === PORTAL_COOKIE);
  expect(cookie, response.body).toBeTruthy();
  return `${PORTAL_COOKIE}=${cookie!.value}`;
}

/** Signs a customer in to the workspace's portal by e-mail link, as a browser would, and returns their cookie. */
export async function signInByLink(t: TestContext, relay: Relay, slug: string, email: string): Promise<string> {
  const asked = await portalRequest(t, 'POST', `/api/portal/${slug}/sign-in/link`, { body: { email } });
  expect(asked.statusCode, asked.body).toBe(202);
  const { token } = await receivedSignInToken(t, relay, email);
  const verified = await portalRequest(t, 'POST', `/api/portal/${slug}/sign-in/verify`, { body: { token } });
  expect(verified.statusCode, verified.body).toBe(200);
  return portalCookieOf(verified);
}
