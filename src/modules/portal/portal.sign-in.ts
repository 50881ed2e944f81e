/**
 * Customers as real actors: a one-time sign-in link by e-mail (hashed, single use, 15 minutes), an optional password,
 * and a session of their own (a cookie apart from staff sessions), each bound to one workspace.
 */
import { hash, verify } from '@node-rs/argon2';
import { AppError, invalidField } from '../../platform/errors.ts';
import { hashToken, newId, newSecretToken } from '../../platform/ids.ts';
import { TEMPLATE_NAMES } from '../channels/index.ts';
import { normalizeEmail } from '../customers/index.ts';
import { RATE_LIMITS } from './abuse-limits.ts';
import { customerActor, portalSystemActor, type PortalContext, type Visitor } from './portal.context.ts';
import * as repo from './portal.repository.ts';

export const SIGN_IN_LINK_MINUTES = 15;
export const SESSION_DAYS = 30;
export const MIN_PORTAL_PASSWORD_LENGTH = 10;

/** A signed-in customer of a workspace, as the session cookie proves. */
export interface PortalSession {
  workspaceId: string;
  workspaceSlug: string;
  customerId: string;
  email: string;
  tokenHash: string;
}

export interface OpenedSession {
  token: string;
  expiresAt: Date;
  customerId: string;
  email: string;
}

const minutes = (n: number) => n * 60_000;

let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hash(newSecretToken('decoy')));

function emailOrThrow(raw: string): string {
  const email = normalizeEmail(raw);
  if (!email) throw invalidField('email', 'portal.invalid_email');
  return email;
}

export function createSignInOps(ctx: PortalContext) {
  const { deps, db, clock } = ctx;

  /** A session for the customer who owns the address (found, or created on first sign-in). */
  async function openSession(workspaceId: string, email: string, visitor: Visitor, how: 'link' | 'password', knownCustomerId?: string): Promise<OpenedSession> {
    const token = newSecretToken('kps');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * 24 * 3_600_000);
    const customerId = await db.transaction(async (tx) => {
      const id = knownCustomerId ?? (await deps.customers.resolveCustomer(tx, portalSystemActor(workspaceId, visitor), { email })).id;
      await repo.deleteEndedSessions(tx, workspaceId, id, new Date(now.getTime() - minutes(24 * 60)));
      await repo.insertSession(tx, workspaceId, { id: newId(), tokenHash: hashToken(token), customerId: id, email, now, expiresAt });
      await deps.audit.record(tx, customerActor(workspaceId, id, visitor), { action: 'portal.signed_in', entityType: 'customer', entityId: id, details: { how } });
      return id;
    });
    return { token, expiresAt, customerId, email };
  }

  return {
    /**
     * Sends a sign-in link to the address (through the outbound queue, after commit). Answers the same whether or not
     * the address is known, so the form tells nobody who is a customer; limited per address and per IP.
     */
    async requestSignInLink(workspaceSlug: string, input: { email: string }, visitor: Visitor, portalBaseUrl: string): Promise<void> {
      const workspace = await ctx.workspaceOf(workspaceSlug);
      const email = emailOrThrow(input.email);
      await ctx.enforceLimits(workspace.id, [
        { limit: RATE_LIMITS.signInLinkPerIp, key: visitor.ip },
        { limit: RATE_LIMITS.signInLinkPerAddress, key: email },
      ]);
      const token = newSecretToken('kpl');
      const id = newId();
      const now = clock.now();
      const link = `${portalBaseUrl}/portal/${encodeURIComponent(workspace.slug)}/sign-in?token=${encodeURIComponent(token)}`;
      await db.transaction(async (tx) => {
        await repo.deleteExpiredSignInLinks(tx, workspace.id, new Date(now.getTime() - minutes(24 * 60)));
        await repo.insertSignInLink(tx, workspace.id, { id, tokenHash: hashToken(token), email, locale: visitor.locale, now, expiresAt: new Date(now.getTime() + minutes(SIGN_IN_LINK_MINUTES)) });
        await deps.channels.outbound.queue(tx, {
          workspaceId: workspace.id,
          channel: 'email',
          to: { email },
          template: TEMPLATE_NAMES.portalSignInLink,
          locale: visitor.locale,
          params: { customerName: email, link, expiresMinutes: SIGN_IN_LINK_MINUTES },
          dedupeKey: `portal-sign-in:${id}`,
        });
        await deps.audit.record(tx, portalSystemActor(workspace.id, visitor), { action: 'portal.sign_in_link_sent', entityType: 'portal_sign_in_link', entityId: id });
      });
    },

    /** Uses a sign-in link: once, within its 15 minutes, in the workspace it was made for. */
    async signInWithLink(workspaceSlug: string, token: string, visitor: Visitor): Promise<OpenedSession> {
      const workspace = await ctx.workspaceOf(workspaceSlug);
      const email = await db.transaction(async (tx) => {
        const link = await repo.selectSignInLinkForUpdate(tx, workspace.id, hashToken(token));
        if (!link) throw invalidField('token', 'portal.link_invalid');
        if (link.usedAt) throw invalidField('token', 'portal.link_used');
        if (link.expiresAt <= clock.now()) throw invalidField('token', 'portal.link_expired', { minutes: SIGN_IN_LINK_MINUTES });
        await repo.markSignInLinkUsed(tx, workspace.id, link.id, clock.now());
        return link.email;
      });
      return openSession(workspace.id, email, visitor, 'link');
    },

    /** The optional password, set by a customer who signed in by link. */
    async signInWithPassword(workspaceSlug: string, input: { email: string; password: string }, visitor: Visitor): Promise<OpenedSession> {
      const workspace = await ctx.workspaceOf(workspaceSlug);
      const email = emailOrThrow(input.email);
      await ctx.enforceLimits(workspace.id, [
        { limit: RATE_LIMITS.passwordPerIp, key: visitor.ip },
        { limit: RATE_LIMITS.passwordPerAddress, key: email },
      ]);
      const stored = await repo.selectPassword(db, workspace.id, email);
      // An unknown address costs the same hashing as a known one, so the answer's timing tells no more than its words.
      const matches = await verify(stored?.passwordHash ?? (await decoyHash()), input.password);
      if (!stored || !matches) throw new AppError('unauthenticated', 'portal.invalid_credentials');
      return openSession(workspace.id, email, visitor, 'password', stored.customerId);
    },

    async setPassword(session: PortalSession, password: string, visitor: Visitor): Promise<void> {
      if ([...password].length < MIN_PORTAL_PASSWORD_LENGTH) throw invalidField('password', 'portal.password_too_short', { min: MIN_PORTAL_PASSWORD_LENGTH });
      const passwordHash = await hash(password);
      await db.transaction(async (tx) => {
        await repo.upsertPassword(tx, session.workspaceId, { email: session.email, customerId: session.customerId, passwordHash, now: clock.now() });
        await deps.audit.record(tx, customerActor(session.workspaceId, session.customerId, visitor), { action: 'portal.password_set', entityType: 'customer', entityId: session.customerId });
      });
    },

    /** The customer a session cookie belongs to, in this workspace only; undefined when it is not (or no longer) valid. */
    async findSession(workspace: { id: string; slug: string }, token: string | undefined): Promise<PortalSession | undefined> {
      if (!token) return undefined;
      const tokenHash = hashToken(token);
      const session = await repo.selectLiveSession(db, workspace.id, tokenHash, clock.now());
      return session && { workspaceId: workspace.id, workspaceSlug: workspace.slug, customerId: session.customerId, email: session.email, tokenHash };
    },

    async signOut(session: PortalSession): Promise<void> {
      await db.transaction((tx) => repo.revokeSession(tx, session.workspaceId, session.tokenHash, clock.now()));
    },
  };
}
