/** Every piece of code that needs "now" takes a Clock, so time can be controlled in tests and simulations. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #current: number;

  constructor(start: Date | string = '2026-01-05T02:00:00Z') {
    this.#current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#current);
  }

  set(to: Date | string): void {
    this.#current = new Date(to).getTime();
  }

  advanceMinutes(minutes: number): void {
    this.#current += minutes * 60_000;
  }

  advanceMs(ms: number): void {
    this.#current += ms;
  }
}
