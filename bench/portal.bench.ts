/**
 * Customer portal and web form, through the HTTP app (in-process requests, no sockets): web form submissions per
 * second with their abuse checks (two durable counters each) and the ticket they create; a customer's "my tickets"
 * and ticket page over their history; the sign-in link's request and use. On the database the tests use (embedded
 * PGlite, or DATABASE_URL's server). `--quick` uses a tenth of everything.
 */
import { createTestContext } from '../src/testing/test-app.ts';
import { fmt, summarise } from './stats.ts';

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export async function runPortalBench(options: { quick: boolean }): Promise<void> {
  const submissions = options.quick ? 40 : 500;
  const history = options.quick ? 10 : 100;
  const setupStarted = performance.now();
  const t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  try {
    const workspace = await t.createWorkspace();
    const { slug } = await t.kernel.services.workspaces.getWorkspace(workspace.id);
    console.log(`\n## Customer portal and web form (${submissions} web form requests, a customer with ${history} tickets)`);
    console.log(`  (set-up: a migrated database and the app in ${fmt((performance.now() - setupStarted) / 1000)} s)`);
    const inject = (method: string, url: string, body?: object, headers: Record<string, string> = {}) => t.app.inject({ method: method as 'POST', url, headers, ...(body ? { payload: body } : {}) });

    const formToken = (await inject('GET', `/api/portal/${slug}/web-form`)).json().formToken as string;
    t.clock.advanceMs(5_000);
    const formLatencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < submissions; i++) {
      const body = { name: `访客 ${i}`, email: `visitor${i}@bench.example.cn`, subject: `Web form ${i}`, message: '我想咨询一下批量采购的价格。', website: '', formToken };
      formLatencies.push(await timed(async () => {
        const response = await inject('POST', `/api/portal/${slug}/web-form`, body, { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
        if (response.statusCode !== 201) throw new Error(`web form: ${response.statusCode} ${response.body}`);
      }));
    }
    const seconds = (performance.now() - started) / 1000;
    const form = summarise(formLatencies);
    console.log(`  web form → ticket: ${fmt(submissions / seconds, 0)} requests/s one at a time, p50 ${fmt(form.p50)} ms, p95 ${fmt(form.p95)} ms`);

    const email = 'regular@bench.example.cn';
    for (let i = 0; i < history; i++) {
      await t.kernel.services.tickets.createTicket(workspace.admin.actor, { subject: `Order ${i} 订单`, description: 'Where is it?', customer: { email } });
    }
    const linkLatencies: number[] = [];
    const verifyLatencies: number[] = [];
    let cookie = '';
    for (let i = 0; i < (options.quick ? 3 : 20); i++) {
      linkLatencies.push(await timed(() => inject('POST', `/api/portal/${slug}/sign-in/link`, { email }, { 'x-forwarded-for': `192.0.2.${i}` })));
      const [mail] = await t.kernel.db.query<{ text_body: string }>(`SELECT text_body FROM outbound_messages WHERE workspace_id = $1 AND to_address = $2 ORDER BY created_at DESC, id DESC LIMIT 1`, [workspace.id, email]);
      const token = decodeURIComponent(/token=([\w%-]+)/.exec(mail!.text_body)![1]!);
      verifyLatencies.push(await timed(async () => {
        const verified = await inject('POST', `/api/portal/${slug}/sign-in/verify`, { token });
        cookie = `kefu_portal=${verified.cookies.find((c) => c.name === 'kefu_portal')!.value}`;
      }));
      // Each address may ask for five links an hour.
      t.clock.advanceMinutes(15);
    }
    const link = summarise(linkLatencies);
    const verify = summarise(verifyLatencies);
    console.log(`  sign-in link request (queued mail): p50 ${fmt(link.p50)} ms; link use (session): p50 ${fmt(verify.p50)} ms`);

    const listLatencies: number[] = [];
    const detailLatencies: number[] = [];
    const tickets = (await inject('GET', `/api/portal/${slug}/tickets`, undefined, { cookie })).json().items as { id: string }[];
    for (let i = 0; i < (options.quick ? 10 : 100); i++) {
      listLatencies.push(await timed(() => inject('GET', `/api/portal/${slug}/tickets`, undefined, { cookie })));
      detailLatencies.push(await timed(() => inject('GET', `/api/portal/${slug}/tickets/${tickets[i % tickets.length]!.id}`, undefined, { cookie })));
    }
    const list = summarise(listLatencies);
    const detail = summarise(detailLatencies);
    console.log(`  my tickets (${tickets.length}): p50 ${fmt(list.p50)} ms, p95 ${fmt(list.p95)} ms; a ticket page: p50 ${fmt(detail.p50)} ms, p95 ${fmt(detail.p95)} ms`);
  } finally {
    await t.close();
  }
}
