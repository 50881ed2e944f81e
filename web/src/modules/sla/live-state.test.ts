import { describe, expect, it } from 'vitest';
import { liveState } from './live-state.ts';

const at = (iso: string) => Date.parse(iso);

describe('live SLA state between server events', () => {
  const due = '2026-03-02T10:00:00Z';
  const warn = '2026-03-02T09:48:00Z';
  it('stays green until the warning point, turns amber there and red at the due time', () => {
    expect(liveState('active', at('2026-03-02T09:30:00Z'), due, warn)).toBe('active');
    expect(liveState('active', at('2026-03-02T09:48:00Z'), due, warn)).toBe('warning');
    expect(liveState('warning', at('2026-03-02T09:59:59Z'), due, warn)).toBe('warning');
    expect(liveState('active', at('2026-03-02T10:00:00Z'), due, warn)).toBe('breached');
  });
  it('never moves paused, met or breached targets, and never moves backwards', () => {
    expect(liveState('paused', at('2026-03-02T11:00:00Z'), due, warn)).toBe('paused');
    expect(liveState('met', at('2026-03-02T11:00:00Z'), due, warn)).toBe('met');
    expect(liveState('breached', at('2026-03-02T09:00:00Z'), due, warn)).toBe('breached');
    expect(liveState('warning', at('2026-03-02T09:00:00Z'), due, warn)).toBe('warning');
  });
  it('without a due time only the server moves the state', () => {
    expect(liveState('active', at('2030-01-01T00:00:00Z'), null, null)).toBe('active');
  });
});
