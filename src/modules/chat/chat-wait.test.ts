import { describe, expect, it } from 'vitest';
import { ACCEPT_SECONDS, DEFAULT_HANDLE_SECONDS, estimateWaitSeconds, type WaitInputs } from './chat-wait.ts';

const base: WaitInputs = { position: 1, agentsOnline: 2, capacityPerAgent: 3, chatsInProgress: 6, averageHandleSeconds: 240 };

describe('estimateWaitSeconds', () => {
  it.each<[string, Partial<WaitInputs>, number | null]>([
    ['nobody online: no estimate', { agentsOnline: 0 }, null],
    ['no capacity: no estimate', { capacityPerAgent: 0 }, null],
    ['a free seat: only the time to accept', { chatsInProgress: 5 }, ACCEPT_SECONDS],
    ['free seats cover the position', { position: 3, chatsInProgress: 3 }, ACCEPT_SECONDS],
    ['first beyond the seats: one handle time shared by six seats', { position: 1 }, ACCEPT_SECONDS + 40],
    ['third beyond the seats', { position: 3 }, ACCEPT_SECONDS + 120],
    ['one free seat, second in line waits one slot', { position: 2, chatsInProgress: 5 }, ACCEPT_SECONDS + 40],
    ['more agents, shorter wait', { position: 3, agentsOnline: 4, chatsInProgress: 12 }, ACCEPT_SECONDS + 60],
    ['no finished chat yet: the default handle time', { averageHandleSeconds: null }, ACCEPT_SECONDS + Math.ceil(DEFAULT_HANDLE_SECONDS / 6)],
    ['over-full (a transfer beyond capacity) counts no free seat', { chatsInProgress: 9 }, ACCEPT_SECONDS + 40],
  ])('%s', (_name, change, expected) => {
    expect(estimateWaitSeconds({ ...base, ...change })).toBe(expected);
  });

  it('never falls as the position grows', () => {
    let previous = 0;
    for (let position = 1; position <= 50; position++) {
      const wait = estimateWaitSeconds({ ...base, position })!;
      expect(wait).toBeGreaterThanOrEqual(previous);
      previous = wait;
    }
  });
});
