import type { Kernel } from '../kernel.ts';
import type { Actor, Role } from '../platform/actor.ts';
import { ManualClock } from '../platform/clock.ts';
import { createAuditModule } from '../modules/audit/index.ts';
import { createCustomersModule } from '../modules/customers/index.ts';
import { createTicketsModule } from '../modules/tickets/index.ts';
import { seedDemoSurveys } from './demo-surveys.ts';
import { createRandom, DEMO_CASES, demoCustomer } from './demo-content.ts';

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

export interface DemoResult {
  created: boolean;
  workspaceId: string;
  workspaceName: string;
  logins: DemoLogin[];
}

const DEMO_SLUG = 'demo';
const DEMO_PASSWORD = 'kefu-demo-2026';

/** The demo workspace answers mail to this address (a data directory from before the mail channel gets it too). */
export const DEMO_MAILBOX = 'support@demo.kefu.local';

async function ensureDemoMailbox(kernel: Kernel, workspaceId: string): Promise<void> {
  await kernel.services.channels.email.ensureMailbox(workspaceId, DEMO_MAILBOX, '客服演示 Kefu Demo');
}

/**
 * Creates the demo workspace on first start (nothing when it exists) and returns its logins.
 * The admin's login comes from KEFU_ADMIN_EMAIL / KEFU_ADMIN_PASSWORD.
 */
export async function ensureDemoWorkspace(
  kernel: Kernel,
  options: { tickets: number; onProgress?: (done: number, total: number) => void },
): Promise<DemoResult> {
  const { workspaces, identity } = kernel.services;
  const { config } = kernel;
  const existing = await workspaces.findWorkspaceBySlug(DEMO_SLUG);
  const logins: DemoLogin[] = [
    { role: 'admin', email: config.KEFU_ADMIN_EMAIL, password: config.KEFU_ADMIN_PASSWORD },
    { role: 'supervisor', email: 'supervisor@demo.kefu.local', password: DEMO_PASSWORD },
    { role: 'agent', email: 'agent@demo.kefu.local', password: DEMO_PASSWORD },
    { role: 'agent', email: 'agent2@demo.kefu.local', password: DEMO_PASSWORD },
    { role: 'specialist', email: 'tech@demo.kefu.local', password: DEMO_PASSWORD },
    { role: 'analyst', email: 'analyst@demo.kefu.local', password: DEMO_PASSWORD },
  ];
  if (existing) {
    await ensureDemoMailbox(kernel, existing.id);
    return { created: false, workspaceId: existing.id, workspaceName: existing.name, logins };
  }

  const workspace = await workspaces.createWorkspace({ name: '客服演示 Kefu Demo', slug: DEMO_SLUG, timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' });
  const system: Actor = { workspaceId: workspace.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'zh-CN' };
  const support = await identity.createTeam(system, { name: '一线客服 Frontline', kind: 'team' });
  const tech = await identity.createTeam(system, { name: '技术支持 Technical support', kind: 'department' });
  await identity.createTeam(system, { name: '物流 Logistics', kind: 'department' });
  await identity.createTeam(system, { name: '财务 Finance', kind: 'department' });
  const names: Record<string, string> = {
    [config.KEFU_ADMIN_EMAIL]: '管理员 Admin',
    'supervisor@demo.kefu.local': '王主管 Wang (supervisor)',
    'agent@demo.kefu.local': '李娜 Li Na',
    'agent2@demo.kefu.local': 'Tom Baker',
    'tech@demo.kefu.local': '陈工 Chen (tech)',
    'analyst@demo.kefu.local': '赵分析 Zhao (analyst)',
  };
  for (const login of logins) {
    await identity.createUser(system, {
      email: login.email,
      name: names[login.email] ?? login.email,
      role: login.role,
      password: login.password,
      teamIds: login.role === 'specialist' ? [tech.id] : login.role === 'agent' || login.role === 'supervisor' ? [support.id] : [],
      skills: login.role === 'agent' ? [{ skill: 'after-sales', level: 4 }, { skill: 'logistics', level: 3 }] : [],
    });
  }
  await ensureDemoMailbox(kernel, workspace.id);
  if (options.tickets > 0) {
    await seedDemoData(kernel, workspace.id, options);
    const supervisor = (await identity.listUsers(system)).find((user) => user.role === 'supervisor');
    await seedDemoSurveys(kernel, workspace.id, supervisor?.id);
  }
  // After the history: the default rules act on what arrives from now on.
  await kernel.services.automation.seedDefaultRules(workspace.id);
  return { created: true, workspaceId: workspace.id, workspaceName: workspace.name, logins };
}

/**
 * Customers and tickets with plausible bilingual timelines over the past four months. Each worker drives its
 * own services with a ManualClock, so every timestamp (creation, assignment, replies, resolution) is in the past.
 */
export async function seedDemoData(kernel: Kernel, workspaceId: string, options: { tickets: number; onProgress?: (done: number, total: number) => void }): Promise<void> {
  const { services, db, config } = kernel;
  const system: Actor = { workspaceId, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'zh-CN' };
  const users = await services.identity.listUsers(system);
  const agents = users.filter((u) => u.role === 'agent' || u.role === 'supervisor');
  const teams = await services.identity.listTeams(system);
  const departments = teams.filter((t) => t.kind === 'department');
  const frontline = teams.find((t) => t.kind === 'team');
  const now = kernel.clock.now().getTime();
  const total = options.tickets;
  let next = 0;

  const worker = async (workerIndex: number) => {
    const clock = new ManualClock(new Date(now));
    // The modules' services on this worker's own clock; their subscribers and routes are the kernel's already.
    const audit = createAuditModule({ db, clock }).service;
    const customers = createCustomersModule({ db, clock, audit }).service;
    const tickets = createTicketsModule({ db, clock, audit, workspaces: services.workspaces, identity: services.identity, customers, config }).service;
    const random = createRandom(9973 + workerIndex);
    for (;;) {
      const index = next++;
      if (index >= total || kernel.isShuttingDown()) return;
      if (index % 50 === 0) options.onProgress?.(index, total);
      const demo = DEMO_CASES[index % DEMO_CASES.length]!;
      const ageMinutes = index < total * 0.08 ? random.int(5, 600) : random.int(60 * 24, 60 * 24 * 120);
      const createdAt = now - ageMinutes * 60_000;
      clock.set(new Date(createdAt));
      const customer = demoCustomer(random, index, demo.lang);
      const order = `${random.int(2024, 2026)}${String(random.int(10_000_000, 99_999_999))}`;
      const fill = (text: string) => text.replace('{order}', order).replace('{phone}', customer.phone ?? '');
      const priority = demo.type === 'complaint' ? random.pick(['P1', 'P2'] as const) : demo.type === 'suggestion' ? 'P3' : random.pick(['P1', 'P2', 'P2', 'P2', 'P3'] as const);
      const channel = demo.lang === 'zh' ? random.pick(['wechat', 'chat', 'phone', 'web', 'email'] as const) : random.pick(['email', 'web', 'chat'] as const);
      const agent = random.pick(agents);
      const agentActor: Actor = { workspaceId, kind: 'user', userId: agent.id, role: agent.role, teamIds: agent.teamIds, locale: 'zh-CN' };
      const ticket = await tickets.createTicket(channel === 'phone' ? agentActor : system, {
        subject: fill(demo.subject),
        description: fill(demo.description),
        customer: { name: customer.name, email: customer.email, phone: customer.phone },
        priority,
        urgency: priority === 'P1' ? 'urgent' : 'normal',
        type: demo.type,
        channel,
        tags: demo.tags,
        teamId: frontline?.id ?? null,
        descriptionAuthor: channel === 'phone' ? 'agent' : 'customer',
      });
      const step = async (minutes: number, action: () => Promise<unknown>): Promise<boolean> => {
        const at = clock.now().getTime() + minutes * 60_000;
        if (at > now) return false;
        clock.set(new Date(at));
        await action();
        return true;
      };
      const unassignedShare = index % 10 === 0;
      if (unassignedShare) continue;
      if (!(await step(random.int(1, 25), () => tickets.updateTicket(system, ticket.id, { assigneeId: agent.id, nextStep: demo.lang === 'zh' ? '核实问题并回复客户' : 'Check and reply to the customer' })))) continue;
      if (!(await step(random.int(2, 90), () => tickets.addMessage(agentActor, ticket.id, { kind: 'reply', body: demo.reply })))) continue;
      if (random.chance(0.5) && !(await step(random.int(1, 30), () => tickets.addMessage(agentActor, ticket.id, { kind: 'note', body: demo.note })))) continue;
      if (demo.type === 'technical_support' && departments[0] && !(await step(random.int(5, 120), () => tickets.updateTicket(agentActor, ticket.id, { departmentId: departments[0]!.id, nextStep: demo.lang === 'zh' ? '技术部排查' : 'Technical support investigates' })))) continue;
      if (!(await step(random.int(1, 20), () => tickets.updateTicket(agentActor, ticket.id, { status: 'pending' })))) continue;
      if (!(await step(random.int(30, 60 * 30), () => tickets.addMessage(system, ticket.id, { kind: 'reply', body: demo.customerFollowUp, authorType: 'customer' })))) continue;
      if (!(await step(random.int(5, 60 * 8), () => tickets.updateTicket(agentActor, ticket.id, { status: 'solved' })))) continue;
      const csat = random.pick([5, 5, 5, 4, 4, 4, 3, 2, 1]);
      await step(random.int(60, 60 * 72), () => tickets.updateTicket(system, ticket.id, { status: 'closed', csat: random.chance(0.7) ? csat : null }));
    }
  };
  const workers = db.kind === 'pglite' ? 1 : 8;
  await Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
  options.onProgress?.(total, total);
}
