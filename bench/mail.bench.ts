/**
 * Inbound mail: mails per second through the real SMTP listener and the time from SMTP accept (the 250 reply,
 * given once the raw message is stored) to the ticket being listed by the API. A Kefu app runs in this process on
 * 127.0.0.1 with its background loops and its SMTP listener (embedded PGlite, then the PostgreSQL server when one is
 * reachable); several nodemailer clients send ~20 KB Chinese mails (text and HTML, a small attachment) at once, and an
 * agent's API client lists the newest tickets every 100 ms, noting when each subject first appears (so the visible
 * time includes up to one polling period). The automatic acknowledgement is off: no relay is set here, and sending
 * is measured by the outbound queue's own tests. `--quick`: 100 mails from 4 clients; full run: 1,000 from 8.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { buildApp } from '../src/http/app.ts';
import { createKernel } from '../src/kernel.ts';
import { createSmtpListener } from '../src/modules/channels/index.ts';
import type { Actor } from '../src/platform/actor.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { createBenchDatabase } from './bench-database.ts';
import { createJsonClient } from './http-client.ts';
import { sampleTicket } from './sample-text.ts';
import { fmt, summarise } from './stats.ts';

const TARGET_BYTES = 20 * 1024;
const POLL_MS = 100;
// The wait for the last tickets ends when none has appeared for this long (a mail that never becomes one is reported).
const STALL_MS = 60_000;

/** A customer's mail of about 20 KB: a Chinese text part, its HTML twin and a small attachment. */
const TOKEN = /MB\d{5}/;

function buildMail(index: number, to: string): { from: string; token: string; mail: SendMailOptions } {
  const sample = sampleTicket(index);
  const token = `MB${String(index).padStart(5, '0')}`;
  const subject = `${sample.subject} ${token}`;
  const paragraphs: string[] = [];
  // Base64 of UTF-8 Chinese is ~4 bytes a character and the text goes twice (plain and HTML): ~2.5 KB a paragraph.
  for (let i = 0; paragraphs.join('\n').length * 8 < TARGET_BYTES + 500; i++) paragraphs.push(`${sampleTicket(index * 7 + i).description} 第 ${i + 1} 段。`);
  const from = `customer${index % 200}@bench.example.cn`;
  return {
    from,
    token,
    mail: {
      from: { name: sample.name, address: from },
      to,
      subject,
      messageId: `<bench.${index}.${Date.now()}@bench.example.cn>`,
      text: paragraphs.join('\n\n'),
      html: paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join(''),
      attachments: [{ filename: '订单截图.txt', content: `订单 ${index} 的说明\n`.repeat(40) }],
    },
  };
}

interface MailRun {
  database: string;
  mails: number;
  clients: number;
  meanBytes: number;
  acceptPerSecond: number;
  visiblePerSecond: number;
  smtp: ReturnType<typeof summarise>;
  visible: ReturnType<typeof summarise>;
  failed: number;
  missing: number;
}

async function runOnce(options: { mails: number; clients: number; serverUrl?: string }): Promise<MailRun> {
  const database = options.serverUrl ? await createBenchDatabase(options.serverUrl, 'kefu_bench_mail') : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-bench-mail-'));
  const config = loadConfig({ KEFU_SECRET: 'bench-mail-secret-0123456789', KEFU_LOG_LEVEL: 'silent', DATA_DIR: dataDir, SMTP_PORT: '0', KEFU_MAIL_TICKETS_PER_SENDER: '0', ...(database ? { DATABASE_URL: database.url, DATABASE_POOL_SIZE: '20' } : {}) });
  const kernel = await createKernel({ config, logger: silentLogger, runWorkers: true });
  const app = await buildApp(kernel);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { email, notices } = kernel.services.channels;
  const listener = createSmtpListener({ findMailboxes: email.findMailboxes, receive: email.receive, maxMessageBytes: config.SMTP_MAX_MESSAGE_BYTES, hostname: 'bench.kefu.test' });
  const smtpPort = await listener.listen(0, '127.0.0.1');
  const api = createJsonClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, 2);
  let polling = true;
  try {
    const { workspaces, identity } = kernel.services;
    const workspace = await workspaces.createWorkspace({ name: 'Mail bench', slug: `mail-bench-${Date.now().toString(36)}`, timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' });
    const system: Actor = { workspaceId: workspace.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' };
    const address = 'support@mail-bench.kefu.test';
    await email.createMailbox(system, { address, displayName: '客服' });
    await notices.updateSettings(system, { acknowledgeNew: false });
    await identity.createUser(system, { email: 'agent@mail-bench.test', name: '客服', role: 'agent', password: 'bench-password-42' });
    await api.login('agent@mail-bench.test', 'bench-password-42');

    const mails = Array.from({ length: options.mails }, (_, index) => buildMail(index, address));
    const acceptedAt = new Map<string, number>();
    const seenAt = new Map<string, number>();
    const smtpMs: number[] = [];
    let bytes = 0;
    let failed = 0;

    // The agent's view: the newest tickets, as the inbox asks for them.
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        const response = await api.call('GET', '/api/v1/tickets?view=all&sort=created_at&order=desc&limit=100');
        const now = performance.now();
        if (response.status !== 200) throw new Error(`ticket list failed: ${response.status} ${response.body}`);
        for (const ticket of (JSON.parse(response.body) as { items: { subject: string }[] }).items) {
          const token = TOKEN.exec(ticket.subject)?.[0];
          if (token && !seenAt.has(token)) seenAt.set(token, now);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_MS - (now - started))));
      }
    })();

    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        // One SMTP connection per client, kept open across its mails, as a relaying MTA does.
        const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
        try {
          for (let index = next++; index < mails.length; index = next++) {
            const { from, token, mail } = mails[index]!;
            const sent = performance.now();
            try {
              const info = await transport.sendMail({ ...mail, envelope: { from, to: [address] } });
              const accepted = performance.now();
              if (!info.response.startsWith('250')) throw new Error(info.response);
              acceptedAt.set(token, accepted);
              smtpMs.push(accepted - sent);
              bytes += info.messageSize ?? 0;
            } catch {
              failed++;
            }
          }
        } finally {
          transport.close();
        }
      }),
    );
    const sendSeconds = (performance.now() - started) / 1000;

    let seenBefore = -1;
    let progressAt = performance.now();
    while ([...acceptedAt.keys()].some((token) => !seenAt.has(token)) && performance.now() - progressAt < STALL_MS) {
      if (seenAt.size !== seenBefore) [seenBefore, progressAt] = [seenAt.size, performance.now()];
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    polling = false;
    await poller;
    const visibleMs = [...acceptedAt].filter(([token]) => seenAt.has(token)).map(([token, at]) => Math.max(0, seenAt.get(token)! - at));
    const lastSeen = Math.max(...[...acceptedAt.keys()].map((token) => seenAt.get(token) ?? Number.NaN).filter(Number.isFinite));
    return {
      database: database ? 'PostgreSQL server' : 'PGlite (embedded)',
      mails: options.mails,
      clients: options.clients,
      meanBytes: bytes / Math.max(1, acceptedAt.size),
      acceptPerSecond: acceptedAt.size / sendSeconds,
      visiblePerSecond: visibleMs.length / ((lastSeen - started) / 1000),
      smtp: summarise(smtpMs),
      visible: summarise(visibleMs),
      failed,
      missing: acceptedAt.size - visibleMs.length,
    };
  } finally {
    polling = false;
    api.close();
    await listener.close();
    await app.close();
    await kernel.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function print(run: MailRun): void {
  console.log(`\n## Inbound mail through the SMTP listener (${run.database}, ${run.mails} mails of ${fmt(run.meanBytes / 1024)} KB, ${run.clients} SMTP clients)`);
  console.log(`  accepted (250, raw stored): ${fmt(run.acceptPerSecond)} mails/s; SMTP transaction p50 ${fmt(run.smtp.p50)} ms, p99 ${fmt(run.smtp.p99)} ms`);
  console.log(`  filed and listed by the API: ${fmt(run.visiblePerSecond)} tickets/s; accept → ticket visible p50 ${fmt(run.visible.p50)} ms, p99 ${fmt(run.visible.p99)} ms, max ${fmt(run.visible.max)} ms (polled every ${POLL_MS} ms)`);
  console.log(`  (machine: ${cpus().length} cores, load average ${loadavg().map((load) => fmt(load)).join(' ')}: figures on a busy machine are upper bounds on latency)`);
  if (run.failed || run.missing) console.log(`  PROBLEM: ${run.failed} refused at SMTP, ${run.missing} accepted but not listed after ${STALL_MS / 1000} s without progress`);
}

export async function runMailBench(options: { quick: boolean; serverUrl?: string }): Promise<void> {
  const shape = options.quick ? { mails: 100, clients: 4 } : { mails: 1_000, clients: 8 };
  const runs = [await runOnce(shape)];
  if (options.serverUrl) runs.push(await runOnce({ ...shape, serverUrl: options.serverUrl }));
  for (const run of runs) {
    print(run);
    if (run.failed || run.missing) process.exitCode = 1;
  }
}
