/** CredentialWatch with a stand-in identity: what closes a connection, when, and how frames wait for re-checks. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor.ts';
import { ManualClock } from '../../platform/clock.ts';
import { CLOSE_SIGNED_OUT, CLOSE_TRY_AGAIN_LATER } from '../../platform/websocket.ts';
import type { ConnectionCredential, IdentityChange, LiveCredential } from './identity.connections.ts';
import { CredentialWatch } from './identity.watch.ts';

const agent: Actor = { workspaceId: 'w1', kind: 'user', userId: 'u1', role: 'agent', teamIds: [], locale: 'en' };

/** Answers each check from `standing` (by secret); `gate` holds the answers until released. */
function fakeIdentity(clock: ManualClock) {
  const standing = new Map<string, LiveCredential>();
  let listener: ((change: IdentityChange) => void) | undefined;
  let hold: Promise<void> | undefined;
  let release = () => {};
  let fail = false;
  const checked: string[][] = [];
  return {
    standing,
    checked,
    announce: (change: IdentityChange) => listener?.(change),
    holdChecks() {
      hold = new Promise((resolve) => (release = resolve));
    },
    releaseChecks: () => release(),
    failChecks: () => (fail = true),
    identity: {
      async watchChanges(next: (change: IdentityChange) => void) {
        listener = next;
        return async () => void (listener = undefined);
      },
      async checkCredentials(credentials: readonly ConnectionCredential[]) {
        checked.push(credentials.map((credential) => credential.secret));
        await hold;
        if (fail) throw new Error('database down');
        return credentials.map((credential) => standing.get(credential.secret));
      },
    },
    expiresIn: (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000),
  };
}

async function setUp(permission: 'tickets.read' | 'tickets.write' = 'tickets.write') {
  const clock = new ManualClock();
  const fake = fakeIdentity(clock);
  const watch = await CredentialWatch.start({ identity: fake.identity, clock, permission, name: 'test', expiryCheckMs: 10 });
  const closes: number[] = [];
  const actors: Actor[] = [];
  const open = (secret: string, actor = agent) =>
    watch.watch({ credential: { kind: 'session', secret }, actor, close: (code) => closes.push(code), onActor: (next) => actors.push(next) });
  return { clock, fake, watch, closes, actors, open };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('CredentialWatch', () => {
  it('checks a new connection once, and closes it with 4401 when its credential does not stand', async () => {
    const { fake, watch, closes, open } = await setUp();
    const gone = open('revoked');
    expect(await gone.current()).toBeUndefined();
    expect(closes).toEqual([CLOSE_SIGNED_OUT]);
    expect(fake.checked).toEqual([['revoked']]);
    await watch.stop();
  });

  it('a frame after a change was heard waits for its re-check and is refused when the sign-in is gone', async () => {
    const { fake, watch, closes, open } = await setUp();
    fake.standing.set('s1', { actor: agent, expiresAt: fake.expiresIn(60) });
    const connection = open('s1');
    expect(await connection.current()).toEqual(agent);

    fake.holdChecks();
    fake.standing.delete('s1');
    fake.announce({ workspaceId: 'w1', userId: 'u1' });
    let answered: Actor | undefined | 'pending' = 'pending';
    const frame = connection.current().then((actor) => (answered = actor));
    await tick();
    // The re-check has not answered: the frame is not judged yet.
    expect(answered).toBe('pending');
    fake.releaseChecks();
    await frame;
    expect(answered).toBeUndefined();
    expect(closes).toEqual([CLOSE_SIGNED_OUT]);
    await watch.stop();
  });

  it('follows a role or team change, and closes on the loss of the permission it needs', async () => {
    const { fake, watch, closes, actors, open } = await setUp('tickets.write');
    fake.standing.set('s1', { actor: agent, expiresAt: null });
    const connection = open('s1');
    await connection.current();

    const moved = { ...agent, teamIds: ['t1'] };
    fake.standing.set('s1', { actor: moved, expiresAt: null });
    fake.announce({ workspaceId: 'w1', userId: null });
    expect(await connection.current()).toEqual(moved);
    expect(connection.actor).toEqual(moved);
    expect(actors.at(-1)).toEqual(moved);

    fake.standing.set('s1', { actor: { ...agent, role: 'analyst' }, expiresAt: null });
    fake.announce({ workspaceId: 'w1', userId: 'u1' });
    expect(await connection.current()).toBeUndefined();
    expect(closes).toEqual([CLOSE_SIGNED_OUT]);
    await watch.stop();
  });

  it('re-checks only the connections a change may concern, together in one batch', async () => {
    const { fake, watch, open } = await setUp();
    for (const secret of ['a', 'b', 'c']) fake.standing.set(secret, { actor: agent, expiresAt: null });
    fake.standing.set('elsewhere', { actor: { ...agent, workspaceId: 'w2' }, expiresAt: null });
    fake.standing.set('someone', { actor: { ...agent, userId: 'u2' }, expiresAt: null });
    const connections = [open('a'), open('b'), open('c'), open('elsewhere', { ...agent, workspaceId: 'w2' }), open('someone', { ...agent, userId: 'u2' })];
    await Promise.all(connections.map((connection) => connection.current()));
    fake.checked.length = 0;
    fake.announce({ workspaceId: 'w1', userId: 'u1' });
    fake.announce({ workspaceId: 'w1', userId: 'u1' });
    await connections[0]!.current();
    expect(fake.checked).toEqual([['a', 'b', 'c']]);
    await watch.stop();
  });

  it('closes with 1013 when the check itself fails', async () => {
    const { fake, watch, closes, open } = await setUp();
    fake.standing.set('s1', { actor: agent, expiresAt: null });
    const connection = open('s1');
    await connection.current();
    fake.failChecks();
    fake.announce({ workspaceId: 'w1', userId: 'u1' });
    expect(await connection.current()).toBeUndefined();
    expect(closes).toEqual([CLOSE_TRY_AGAIN_LATER]);
    await watch.stop();
  });

  it('closes at the credential’s end on the injected clock, with or without a frame', async () => {
    const { clock, fake, watch, closes, open } = await setUp();
    fake.standing.set('quiet', { actor: agent, expiresAt: fake.expiresIn(60) });
    fake.standing.set('talking', { actor: agent, expiresAt: fake.expiresIn(60) });
    const quiet = open('quiet');
    const talking = open('talking');
    await Promise.all([quiet.current(), talking.current()]);
    clock.advanceMinutes(59);
    await tick();
    expect(closes).toEqual([]);
    clock.advanceMinutes(1);
    expect(await talking.current()).toBeUndefined();
    await tick();
    expect(closes).toEqual([CLOSE_SIGNED_OUT, CLOSE_SIGNED_OUT]);
    expect(await quiet.current()).toBeUndefined();
    await watch.stop();
  });

  it('forgets a released connection', async () => {
    const { fake, watch, closes, open } = await setUp();
    fake.standing.set('s1', { actor: agent, expiresAt: null });
    const connection = open('s1');
    await connection.current();
    connection.release();
    fake.checked.length = 0;
    fake.standing.delete('s1');
    fake.announce({ workspaceId: 'w1', userId: 'u1' });
    await tick();
    expect(fake.checked).toEqual([]);
    expect(closes).toEqual([]);
    await watch.stop();
  });
});
