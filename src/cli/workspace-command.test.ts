import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createKernel } from '../kernel.ts';
import { loadConfig } from '../platform/config.ts';
import { silentLogger } from '../platform/logger.ts';
import { runWorkspace } from './commands.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kefu-workspace-cli-'));
const config = loadConfig({ DATA_DIR: dataDir, KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', KEFU_SEED_DEMO: 'never' });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('kefu workspace create', () => {
  it('creates a second workspace whose administrator signs in to it alone, and refuses a taken slug', async () => {
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const flags = { name: '华东客服中心', slug: 'east-china', 'admin-email': 'lead@east.example', 'admin-name': '王芳', timezone: 'Asia/Shanghai' };
      const first = await runWorkspace(config, 'create', flags);
      // No password given: one is generated and printed once.
      expect(first.adminPassword.length).toBeGreaterThanOrEqual(12);
      expect(print.mock.calls.flat().join('\n')).toContain(first.adminPassword);

      const second = await runWorkspace(config, 'create', { name: 'Export desk', slug: 'export-desk', 'admin-email': 'lead@export.example', 'admin-name': 'Sam', 'admin-password': 'export-desk-2026', locale: 'en' });
      expect(second.workspaceId).not.toBe(first.workspaceId);

      await expect(runWorkspace(config, 'create', { ...flags, 'admin-email': 'other@east.example' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(runWorkspace(config, 'create', { ...flags, slug: 'Not A Slug' })).rejects.toThrow('--slug');
      await expect(runWorkspace(config, 'create', { ...flags, slug: 'short-pass', 'admin-password': 'short' })).rejects.toThrow('--admin-password');
      await expect(runWorkspace(config, 'create', { ...flags, slug: 'no-mail', 'admin-email': 'nobody' })).rejects.toThrow('--admin-email');

      const kernel = await createKernel({ config, logger: silentLogger, runWorkers: false });
      try {
        const session = await kernel.services.identity.login({ email: 'lead@export.example', password: 'export-desk-2026' });
        expect(session.actor).toMatchObject({ workspaceId: second.workspaceId, role: 'admin', locale: 'en' });
        const users = await kernel.services.identity.listUsers(session.actor);
        expect(users.map((user) => user.email)).toEqual(['lead@export.example']);
        expect(await kernel.services.workspaces.findWorkspaceBySlug('short-pass')).toBeUndefined();
      } finally {
        await kernel.close();
      }
    } finally {
      print.mockRestore();
    }
  });
});
