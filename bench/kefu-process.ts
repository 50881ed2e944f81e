import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface KefuProcess {
  url: string;
  pid: number;
  readyMs: number;
  rssMb(): number;
  /** Events written but not yet delivered to their subscribers (SLA clocks, realtime, …). */
  pendingEvents(): Promise<number>;
  /** Resolves once demo seeding (if any) is done and every event is delivered; returns the wait in ms. */
  settled(timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `kefu serve` as a child process and resolves once it prints its URL. */
export async function startKefu(env: Record<string, string>): Promise<KefuProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['bin/kefu.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', KEFU_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`kefu did not start in time:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Kefu is running at (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timeout);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timeout);
      reject(new Error(`kefu exited with ${code}:\n${output}`));
    });
  });
  const readyMs = performance.now() - started;
  const kefu: KefuProcess = {
    url,
    pid: child.pid!,
    readyMs,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    async pendingEvents() {
      const response = await fetch(new URL('/metrics', url));
      const match = /^kefu_outbox_pending_events (\d+)$/m.exec(await response.text());
      if (!match) throw new Error('kefu_outbox_pending_events missing from /metrics');
      return Number(match[1]);
    },
    async settled(timeoutMs = 20 * 60_000) {
      const begun = performance.now();
      // The seeding notice follows the URL line; give it time to arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const seeding = () => output.includes('demo tickets in the background') && !output.includes('Demo tickets are ready.');
      while (seeding() || (await kefu.pendingEvents()) > 0) {
        if (performance.now() - begun > timeoutMs) throw new Error('kefu did not settle in time');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return performance.now() - begun;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  return kefu;
}
