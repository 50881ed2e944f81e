import type { Logger } from './logger.ts';

/**
 * Runs a unit of work repeatedly: immediately again while there was work, after `idleMs` when there was none.
 * `stop()` lets the current iteration finish, so claimed rows are committed or rolled back, never stranded.
 */
export class PollingLoop {
  #running = false;
  #current: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<number>,
    private readonly idleMs: number,
    private readonly logger?: Logger,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#current = this.#loop();
  }

  /** Runs the next iteration now instead of waiting out the idle interval. */
  kick(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.kick();
    await this.#current;
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      let didWork = 0;
      try {
        didWork = await this.work();
      } catch (error) {
        this.logger?.error({ err: error, loop: this.name }, 'background loop iteration failed');
      }
      if (!this.#running) break;
      if (didWork > 0) {
        // The embedded database can answer entirely in microtasks: yield a macrotask turn so requests, signals
        // and timers are never starved while a backlog drains.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#timer = setTimeout(resolve, this.idleMs);
      });
      clearTimeout(this.#timer);
      this.#wake = undefined;
    }
  }
}
