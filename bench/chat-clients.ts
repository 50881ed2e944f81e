/**
 * The chat benchmark's load, run as a child process so that its own CPU is measured apart from the server's and
 * its event loop never stalls the server's. It opens the agents' console sockets and one socket per visitor, then
 * each visitor sends a message at random intervals and the agent holding the chat answers some of them after a
 * moment's thought. It reports per direction: send → ack, and send → the message on the other side's socket, with
 * its own CPU time and event-loop delay (a loaded client would inflate every figure).
 *
 * Protocol with the parent (IPC): parent → `{ type: 'plan', plan }`; child → `ready` when every socket is open and
 * resumed; parent → `go`; child → `sent` when the sending window closes, then `result`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openChatClient, type ChatClient, type ChatFrame } from '../src/testing/chat-client.ts';
import { summarise } from './stats.ts';

export interface ChatLoadPlan {
  base: string;
  slug: string;
  /** Each agent's session cookie. */
  agents: string[];
  visitors: { conversationId: string; token: string }[];
  seconds: number;
  /** Mean time between two messages of one visitor (uniform over 0..2×). */
  visitorIntervalMs: number;
  /** Share of visitor messages the agent answers, after 0.5–2 s. */
  answerShare: number;
}

export type Latencies = ReturnType<typeof summarise>;

export interface ChatLoadResult {
  sent: { visitor: number; agent: number };
  visitorAck: Latencies;
  /** Visitor's message → the holding agent's console. */
  visitorToAgent: Latencies;
  /** Visitor's message → back on the visitor's own socket (every node's sockets hear it the same way). */
  visitorEcho: Latencies;
  agentAck: Latencies;
  /** Agent's answer → the visitor's widget. */
  agentToVisitor: Latencies;
  errors: number;
  unanswered: number;
  /** CPU the client process used over the sending window, in cores (1 = one core busy). */
  clientCores: number;
  clientLoopDelayP99Ms: number;
  connectSeconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function inBatches(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let index = next++; index < count; index = next++) await work(index);
  }));
}

async function run(plan: ChatLoadPlan): Promise<ChatLoadResult> {
  const connectStarted = performance.now();
  const agentSockets: ChatClient[] = [];
  const visitorSockets: ChatClient[] = [];
  const closeAll = () => {
    for (const socket of [...agentSockets, ...visitorSockets]) socket?.terminate();
  };
  try {
    await inBatches(plan.agents.length, 10, async (index) => {
      const socket = await openChatClient(`${plan.base}/api/v1/chat/socket`, { cookie: plan.agents[index]! });
      agentSockets[index] = socket;
      await socket.waitFor((frame) => frame.type === 'hello', { timeoutMs: 60_000 });
    });
    await inBatches(plan.visitors.length, 50, async (index) => {
      const visitor = plan.visitors[index]!;
      const socket = await openChatClient(`${plan.base}/api/widget/chat/${plan.slug}/socket`);
      visitorSockets[index] = socket;
      socket.send({ type: 'hello', conversationId: visitor.conversationId, token: visitor.token, locale: 'zh-CN' });
      await socket.waitFor((frame) => frame.type === 'welcome', { timeoutMs: 60_000 });
    });
    const connectSeconds = (performance.now() - connectStarted) / 1000;

    const sentAt = new Map<string, number>();
    const samples = { visitorAck: [] as number[], visitorToAgent: [] as number[], visitorEcho: [] as number[], agentAck: [] as number[], agentToVisitor: [] as number[] };
    const sent = { visitor: 0, agent: 0 };
    let errors = 0;
    let sending = true;
    const since = (clientId: unknown) => (typeof clientId === 'string' ? sentAt.get(clientId) : undefined);
    const record = (into: number[], clientId: unknown) => {
      const at = since(clientId);
      if (at !== undefined) into.push(performance.now() - at);
    };
    const messageOf = (frame: ChatFrame) => frame.message as { clientId: string | null; authorType: string };

    agentSockets.forEach((socket, agentIndex) => {
      socket.onFrame((frame) => {
        if (frame.type === 'ack') record(samples.agentAck, frame.clientId);
        else if (frame.type === 'error') errors++;
        else if (frame.type === 'message' && messageOf(frame).authorType === 'visitor') {
          const { clientId } = messageOf(frame);
          record(samples.visitorToAgent, clientId);
          if (!sending || Math.random() >= plan.answerShare) return;
          setTimeout(() => {
            if (!sending) return;
            const answerId = `a${agentIndex}-${sent.agent}`;
            sentAt.set(answerId, performance.now());
            socket.send({ type: 'message', conversationId: frame.conversationId, clientId: answerId, text: '您好，订单已在今天下午发出，快递单号稍后短信通知您。' });
            sent.agent++;
          }, 500 + Math.random() * 1500);
        }
      });
    });
    visitorSockets.forEach((socket) => {
      socket.onFrame((frame) => {
        if (frame.type === 'ack') record(samples.visitorAck, frame.clientId);
        else if (frame.type === 'error') errors++;
        else if (frame.type === 'message') {
          const message = messageOf(frame);
          record(message.authorType === 'agent' ? samples.agentToVisitor : samples.visitorEcho, message.clientId);
        }
      });
    });

    process.send!({ type: 'ready' });
    await new Promise<void>((resolve) => process.once('message', () => resolve()));

    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const until = startedAt + plan.seconds * 1000;
    await Promise.all(visitorSockets.map(async (socket, index) => {
      for (let round = 0; ; round++) {
        await sleep(Math.random() * 2 * plan.visitorIntervalMs);
        if (performance.now() > until) return;
        const clientId = `v${index}-${round}`;
        sentAt.set(clientId, performance.now());
        socket.send({ type: 'message', clientId, text: `第 ${round + 1} 个问题：请问我的订单什么时候发货？` });
        sent.visitor++;
      }
    }));
    // Answers already being thought about still go out; none is started after this.
    await sleep(2000);
    sending = false;
    const cpu = process.cpuUsage(cpuBefore);
    const window = performance.now() - startedAt;
    loopDelay.disable();
    process.send!({ type: 'sent' });

    const expected = () => sent.visitor * 3 + sent.agent * 2;
    const received = () => samples.visitorAck.length + samples.visitorToAgent.length + samples.visitorEcho.length + samples.agentAck.length + samples.agentToVisitor.length;
    const settleBy = performance.now() + 20_000;
    while (received() < expected() && performance.now() < settleBy) await sleep(50);
    return {
      sent,
      visitorAck: summarise(samples.visitorAck),
      visitorToAgent: summarise(samples.visitorToAgent),
      visitorEcho: summarise(samples.visitorEcho),
      agentAck: summarise(samples.agentAck),
      agentToVisitor: summarise(samples.agentToVisitor),
      errors,
      unanswered: expected() - received(),
      clientCores: (cpu.user + cpu.system) / 1000 / window,
      clientLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      connectSeconds,
    };
  } finally {
    closeAll();
  }
}

process.once('message', (message: { type: 'plan'; plan: ChatLoadPlan }) => {
  run(message.plan).then(
    (result) => process.send!({ type: 'result', result }, () => process.exit(0)),
    (error: unknown) => process.send!({ type: 'failed', error: String((error as Error)?.stack ?? error) }, () => process.exit(1)),
  );
});
