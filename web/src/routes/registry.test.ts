import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { PERMISSIONS, ROLE_PERMISSIONS, type Permission, type Role } from '../shared/contracts.ts';
import { AUDIENCES, menuOf } from './index.ts';

const screens = AUDIENCES.flatMap((audience) => audience.screens);

describe('the screen registry', () => {
  it('gives every screen one path, and every menu entry a catalogue label and an icon', () => {
    expect(new Set(screens.map((screen) => screen.path)).size).toBe(screens.length);
    for (const screen of screens.filter((s) => s.label)) {
      expect(en[screen.label!], screen.path).toBeTruthy();
      expect(screen.icon, screen.path).toBeTruthy();
    }
    for (const screen of screens) if (screen.permission) expect(PERMISSIONS).toContain(screen.permission);
  });

  it('keeps an audience with a base path under it', () => {
    for (const audience of AUDIENCES.filter((a) => a.base)) for (const screen of audience.screens) expect(screen.path.startsWith(`${audience.base}/`), screen.path).toBe(true);
  });

  it('builds each role’s menu from the permissions it holds', () => {
    // Each role's menu with the grants the server gives it (no token scopes).
    const menuFor = (role: Role) => {
      const granted = ROLE_PERMISSIONS[role];
      return Object.fromEntries(menuOf(AUDIENCES, (permission: Permission) => granted.has(permission)).map((group) => [group.audience.key, group.screens.map((screen) => screen.path)]));
    };
    expect(menuFor('agent')).toEqual({ agent: ['inbox', 'chat', 'tasks', 'subtasks', 'kb', 'follow-ups'] });
    expect(menuFor('analyst')).toEqual({ agent: ['inbox', 'tasks', 'subtasks', 'kb', 'follow-ups'], supervisor: ['supervisor', 'supervisor/approvals', 'supervisor/surveys', 'supervisor/ledger'] });
    expect(menuFor('supervisor')).toEqual({
      agent: ['inbox', 'chat', 'tasks', 'subtasks', 'kb', 'follow-ups'],
      supervisor: ['supervisor', 'supervisor/queues', 'supervisor/kb-freshness', 'supervisor/approvals', 'supervisor/surveys', 'supervisor/ledger'],
      admin: ['admin/routing', 'admin/audit'],
    });
    expect(menuFor('admin').admin).toHaveLength(screens.filter((screen) => screen.path.startsWith('admin/')).length);
  });
});
