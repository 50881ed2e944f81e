import type { Kernel } from '../kernel.ts';
import type { Actor, Role } from '../platform/actor.ts';

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

export interface DemoResult {
  workspaceId: string;
  workspaceName: string;
  logins: DemoLogin[];
}

const DEMO_SLUG = 'demo';
const DEMO_PASSWORD = 'kefu-demo-2026';

/**
 * Creates the demo workspace on first start (nothing when it exists) and returns its logins.
 * The admin's login comes from KEFU_ADMIN_EMAIL / KEFU_ADMIN_PASSWORD.
 */
export async function ensureDemoWorkspace(kernel: Kernel, options: { tickets: number }): Promise<DemoResult> {
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
  if (existing) return { workspaceId: existing.id, workspaceName: existing.name, logins };

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
  await seedDemoData(kernel, workspace.id, options);
  return { workspaceId: workspace.id, workspaceName: workspace.name, logins };
}

/** Customers and tickets with plausible bilingual timelines; filled in by the tickets module's seeder. */
export async function seedDemoData(kernel: Kernel, workspaceId: string, options: { tickets: number }): Promise<void> {
  void kernel;
  void workspaceId;
  void options;
}
