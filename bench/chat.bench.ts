/**
 * Live chat under load: visitor sockets held open at once, each visitor writing every few seconds and the agents
 * answering, and the widget's size. A Kefu app runs in this process on 127.0.0.1 (on the PostgreSQL server when
 * one is reachable, else embedded), with its background loops (each message is mirrored onto its ticket
 * meanwhile). The clients run in a child process (`chat-clients.ts`), whose CPU and event-loop delay are printed so
 * that a loaded client cannot pass for a slow server. The same clients then load a bare `ws` server speaking the
 * same frames with nothing stored (`chat-reference-server.ts`): Kefu's latencies are also given as a ratio to it.
 * `--quick`: 200 visitors for 5 s; full run: 1,000 visitors for 20 s; `--chat-visitors=N` sets the count.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { buildApp } from '../src/http/app.ts';
import { createKernel } from '../src/kernel.ts';
import { loadWidgetBundle } from '../src/modules/chat/index.ts';
import type { Actor } from '../src/platform/actor.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { createBenchDatabase } from './bench-database.ts';
import type { ChatLoadPlan, ChatLoadResult, Latencies } from './chat-clients.ts';
import { startReferenceChat } from './chat-reference-server.ts';
import { fmt } from './stats.ts';

/** Mean time between two messages of one visitor (people read and type); `--chat-interval=S` sets it in seconds. */
const DEFAULT_VISITOR_INTERVAL_MS = 5000;
const ANSWER_SHARE = 0.5;
const CHATS_PER_AGENT = 25;
const SETUP_CONCURRENCY = 16;

async function inBatches<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let index = next++; index < count; index = next++) results[index] = await work(index);
  }));
  return results;
}

interface LoadRun {
  result: ChatLoadResult;
  /** CPU this process (the server under test) used over the sending window, in cores. */
  serverCores: number;
  /** This process's event-loop delay p99 over the sending window, in ms. */
  serverLoopDelayP99Ms: number;
}

/** Runs the client process against `base`; this process's CPU is sampled over the same sending window. */
async function runLoad(plan: ChatLoadPlan): Promise<LoadRun> {
  const child = fork(new URL('./chat-clients.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  let cpuBefore: NodeJS.CpuUsage | undefined;
  let windowStart = 0;
  let serverCores = Number.NaN;
  let serverLoopDelayP99Ms = Number.NaN;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  try {
    return await new Promise<LoadRun>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`chat clients exited with ${code}`)));
      child.on('message', (message: { type: string; result?: ChatLoadResult; error?: string }) => {
        if (message.type === 'ready') {
          cpuBefore = process.cpuUsage();
          loopDelay.enable();
          windowStart = performance.now();
          child.send({ type: 'go' });
        } else if (message.type === 'sent') {
          const cpu = process.cpuUsage(cpuBefore);
          serverCores = (cpu.user + cpu.system) / 1000 / (performance.now() - windowStart);
          loopDelay.disable();
          serverLoopDelayP99Ms = loopDelay.percentile(99) / 1e6;
        } else if (message.type === 'result') resolve({ result: message.result!, serverCores, serverLoopDelayP99Ms });
        else if (message.type === 'failed') reject(new Error(message.error));
      });
      child.send({ type: 'plan', plan });
    });
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

const line = (label: string, latencies: Latencies, reference?: Latencies) =>
  `  ${label}: p50 ${fmt(latencies.p50, 1)} ms, p99 ${fmt(latencies.p99, 1)} ms, max ${fmt(latencies.max, 0)} ms (${latencies.count})` +
  (reference ? `; bare ws p50 ${fmt(reference.p50, 1)} p99 ${fmt(reference.p99, 1)} ms → ×${fmt(latencies.p99 / reference.p99, 1)}` : '');

export async function runChatBench(options: { quick: boolean; serverUrl?: string }): Promise<void> {
  const countArg = process.argv.find((arg) => arg.startsWith('--chat-visitors='));
  const visitors = countArg ? Number(countArg.slice('--chat-visitors='.length)) : options.quick ? 200 : 1000;
  const intervalArg = process.argv.find((arg) => arg.startsWith('--chat-interval='));
  const visitorIntervalMs = intervalArg ? Number(intervalArg.slice('--chat-interval='.length)) * 1000 : DEFAULT_VISITOR_INTERVAL_MS;
  const seconds = options.quick ? 5 : 20;
  const agentCount = Math.ceil(visitors / CHATS_PER_AGENT);
  const database = options.serverUrl ? await createBenchDatabase(options.serverUrl, 'kefu_bench_chat') : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-bench-chat-'));
  const config = loadConfig({ KEFU_SECRET: 'bench-chat-secret-0123456789', KEFU_LOG_LEVEL: 'silent', DATA_DIR: dataDir, SMTP_PORT: '0', ...(database ? { DATABASE_URL: database.url, DATABASE_POOL_SIZE: '20' } : {}) });
  const kernel = await createKernel({ config, logger: silentLogger, runWorkers: true });
  const app = await buildApp(kernel);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  console.log(`\n## Live chat (${visitors} visitor sockets and ${agentCount} agent consoles, ${database ? 'PostgreSQL server' : 'PGlite (embedded)'})`);
  let plan: ChatLoadPlan;
  let kefu: LoadRun;
  const holders = new Map<string, string>();
  try {
    const { chat, workspaces, identity } = kernel.services;
    const workspace = await workspaces.createWorkspace({ name: 'Chat bench', slug: 'chat-bench', timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' });
    const system: Actor = { workspaceId: workspace.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' };
    await chat.updateSettings(system, { defaultCapacity: CHATS_PER_AGENT });
    const agents = await inBatches(agentCount, 4, async (index) => {
      const email = `agent${index}@chat-bench.test`;
      await identity.createUser(system, { email, name: `客服 ${index + 1}`, role: 'agent', password: 'bench-password-42' });
      const session = await identity.login({ email, password: 'bench-password-42' });
      await chat.setPresence(session.actor, 'online');
      return { actor: session.actor, cookie: `kefu_session=${session.token}` };
    });

    const startedAt = performance.now();
    const conversations = await inBatches(visitors, SETUP_CONCURRENCY, (index) => chat.startConversation(workspace.id, { name: `访客 ${index}`, email: `visitor${index}@bench.test`, locale: 'zh-CN' }));
    const startMs = performance.now() - startedAt;
    await inBatches(visitors, SETUP_CONCURRENCY, async (index) => {
      const agent = agents[index % agentCount]!;
      await chat.acceptConversation(agent.actor, conversations[index]!.conversation.id);
      holders.set(conversations[index]!.conversation.id, agent.cookie);
    });
    console.log(`  chats started (ticket + customer + conversation each): ${fmt(visitors / (startMs / 1000), 0)}/s, then accepted`);
    // The new tickets' events (SLA clocks, triage…) are worked off first: the round trips below are the chat's own.
    while ((await kernel.dispatcher.drain()) > 0);

    plan = {
      base, slug: 'chat-bench', seconds, visitorIntervalMs, answerShare: ANSWER_SHARE,
      agents: agents.map((agent) => agent.cookie),
      visitors: conversations.map(({ conversation, token }) => ({ conversationId: conversation.id, token })),
    };
    kefu = await runLoad(plan);
    const caughtUpAt = performance.now();
    while ((await kernel.dispatcher.drain()) > 0);
    console.log(`  transcript mirrored onto the tickets ${fmt((performance.now() - caughtUpAt) / 1000, 1)} s after the load ended`);
  } finally {
    await app.close();
    await kernel.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const reference = await startReferenceChat(holders);
  let bare: LoadRun;
  try {
    bare = await runLoad({ ...plan, base: reference.base });
  } finally {
    await reference.close();
  }

  const { result } = kefu;
  const rate = (result.sent.visitor + result.sent.agent) / seconds;
  console.log(`  sockets open and resumed: ${visitors + agentCount} in ${fmt(result.connectSeconds, 1)} s`);
  console.log(`  load: ${result.sent.visitor} visitor messages and ${result.sent.agent} answers in ${seconds} s (${fmt(rate, 0)} messages/s; a visitor writes every ${visitorIntervalMs / 1000} s on average, the agent answers one in ${1 / ANSWER_SHARE})`);
  console.log(line('visitor send → ack (stored, committed)', result.visitorAck, bare.result.visitorAck));
  console.log(line('visitor send → agent console', result.visitorToAgent, bare.result.visitorToAgent));
  console.log(line('visitor send → back on its own socket', result.visitorEcho, bare.result.visitorEcho));
  console.log(line('agent send → ack', result.agentAck, bare.result.agentAck));
  console.log(line('agent send → visitor widget', result.agentToVisitor, bare.result.agentToVisitor));
  console.log('  target: p99 ≤ 50 ms');
  console.log(`  CPU over the load: Kefu process ${fmt(kefu.serverCores, 2)} cores${database ? ' (PostgreSQL not counted)' : ''}, event-loop delay p99 ${fmt(kefu.serverLoopDelayP99Ms, 1)} ms; clients ${fmt(result.clientCores, 2)} cores, event-loop delay p99 ${fmt(result.clientLoopDelayP99Ms, 1)} ms; bare ws server ${fmt(bare.serverCores, 2)} cores`);
  if (result.errors > 0 || result.unanswered > 0) console.log(`  problems: ${result.errors} error frames, ${result.unanswered} expected frames never arrived`);
  const widget = await loadWidgetBundle();
  console.log(`  widget.js: ${fmt(widget.code.length / 1024, 1)} KB, ${fmt(widget.gzip.byteLength / 1024, 1)} KB gzip (budget 30 KB gzip)`);
}
