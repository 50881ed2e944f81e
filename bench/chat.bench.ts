/**
 * Live chat: round trips with many visitor sockets open at once, and the widget's size. A Kefu app runs in this
 * process on 127.0.0.1 (on the PostgreSQL server when one is reachable, else embedded), with its background loops
 * (the transcript mirrored onto tickets runs meanwhile). Each visitor holds one socket and sends a message at random
 * intervals; per message it measures send → ack (stored, committed) and send → the message back on its own socket
 * (the NOTIFY fan-out every node's sockets, and the agent's console, receive it through).
 * `--quick`: 200 visitors for 4 s; full run: 1,000 visitors for 15 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/http/app.ts';
import { createKernel } from '../src/kernel.ts';
import { loadWidgetBundle } from '../src/modules/chat/index.ts';
import type { Actor } from '../src/platform/actor.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { openChatClient, type ChatClient } from '../src/testing/chat-client.ts';
import { createBenchDatabase } from './bench-database.ts';
import { fmt, summarise } from './stats.ts';

const MEAN_INTERVAL_MS = 2000;
const START_CONCURRENCY = 16;

async function inBatches<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let index = next++; index < count; index = next++) results[index] = await work(index);
  }));
  return results;
}

export async function runChatBench(options: { quick: boolean; serverUrl?: string }): Promise<void> {
  const visitors = options.quick ? 200 : 1000;
  const seconds = options.quick ? 4 : 15;
  const database = options.serverUrl ? await createBenchDatabase(options.serverUrl, 'kefu_bench_chat') : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-bench-chat-'));
  const config = loadConfig({ KEFU_SECRET: 'bench-chat-secret-0123456789', KEFU_LOG_LEVEL: 'silent', DATA_DIR: dataDir, SMTP_PORT: '0', ...(database ? { DATABASE_URL: database.url, DATABASE_POOL_SIZE: '20' } : {}) });
  const kernel = await createKernel({ config, logger: silentLogger, runWorkers: true });
  const app = await buildApp(kernel);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const sockets: ChatClient[] = [];
  console.log(`\n## Live chat (${visitors} visitor sockets, ${database ? 'PostgreSQL server' : 'PGlite (embedded)'})`);
  try {
    const { chat, workspaces, identity } = kernel.services;
    const workspace = await workspaces.createWorkspace({ name: 'Chat bench', slug: 'chat-bench', timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' });
    const system: Actor = { workspaceId: workspace.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' };
    const agent = await identity.createUser(system, { email: 'agent@chat-bench.test', name: '客服', role: 'agent', password: 'bench-password-42' });
    await chat.setPresence({ ...system, kind: 'user', userId: agent.id, role: 'agent' }, 'online');

    const startedAt = performance.now();
    const conversations = await inBatches(visitors, START_CONCURRENCY, (index) => chat.startConversation(workspace.id, { name: `访客 ${index}`, email: `visitor${index}@bench.test`, locale: 'zh-CN' }));
    const startMs = performance.now() - startedAt;
    console.log(`  chats started (ticket + customer + conversation each): ${fmt(visitors / (startMs / 1000), 0)}/s`);
    // The new tickets' events (SLA clocks, triage…) are worked off first: the round trips below are the chat's own.
    while ((await kernel.dispatcher.drain()) > 0);

    const connectedAt = performance.now();
    await inBatches(visitors, 50, async (index) => {
      const socket = await openChatClient(`${base}/api/widget/chat/chat-bench/socket`);
      sockets[index] = socket;
      socket.send({ type: 'hello', conversationId: conversations[index]!.conversation.id, token: conversations[index]!.token, locale: 'zh-CN' });
      await socket.waitFor((frame) => frame.type === 'welcome', { timeoutMs: 60_000 });
    });
    console.log(`  sockets open and resumed: ${visitors} in ${fmt((performance.now() - connectedAt) / 1000, 1)} s`);

    const acks: number[] = [];
    const echoes: number[] = [];
    const sentAt = new Map<string, number>();
    let failures = 0;
    for (const socket of sockets) {
      socket.onFrame((frame) => {
        if (frame.type === 'ack') {
          const at = sentAt.get(frame.clientId as string);
          if (at !== undefined) acks.push(performance.now() - at);
        } else if (frame.type === 'message') {
          const clientId = (frame.message as { clientId: string | null }).clientId;
          const at = clientId ? sentAt.get(clientId) : undefined;
          if (at !== undefined) echoes.push(performance.now() - at);
        } else if (frame.type === 'error') failures++;
      });
    }
    const until = performance.now() + seconds * 1000;
    let sent = 0;
    await Promise.all(sockets.map(async (socket, index) => {
      for (let round = 0; ; round++) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * MEAN_INTERVAL_MS));
        if (performance.now() > until) return;
        const clientId = `b${index}-${round}`;
        sentAt.set(clientId, performance.now());
        socket.send({ type: 'message', clientId, text: `第 ${round} 条：请问订单什么时候发货？` });
        sent++;
      }
    }));
    const settleBy = performance.now() + 15_000;
    while ((acks.length < sent || echoes.length < sent) && performance.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 50));
    const ack = summarise(acks);
    const echo = summarise(echoes);
    console.log(`  load: ${sent} messages in ${seconds} s (${fmt(sent / seconds, 0)}/s; each visitor one per ${MEAN_INTERVAL_MS / 1000} s on average)`);
    console.log(`  send → ack (stored): p50 ${fmt(ack.p50, 1)} ms, p99 ${fmt(ack.p99, 1)} ms, max ${fmt(ack.max, 1)} ms (${ack.count} acks)`);
    console.log(`  send → message back through the fan-out: p50 ${fmt(echo.p50, 1)} ms, p99 ${fmt(echo.p99, 1)} ms (${echo.count}); target p99 ≤ 50 ms`);
    if (failures > 0 || ack.count < sent) console.log(`  problems: ${failures} error frames, ${sent - ack.count} messages unacknowledged`);
  } finally {
    for (const socket of sockets) socket?.terminate();
    await app.close();
    await kernel.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const widget = await loadWidgetBundle();
  console.log(`  widget.js: ${fmt(widget.code.length / 1024, 1)} KB, ${fmt(widget.gzip.byteLength / 1024, 1)} KB gzip (budget 30 KB gzip)`);
}
