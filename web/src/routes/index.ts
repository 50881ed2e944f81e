import type { Permission } from '../shared/index.ts';
import { adminScreens } from './admin.tsx';
import { agentScreens } from './agent.tsx';
import type { Audience, Screen } from './screen.ts';
import { supervisorScreens } from './supervisor.tsx';

export type { Audience, Screen } from './screen.ts';

/** Every screen of the signed-in app, by audience, in menu order: the one list the router and the menu read. */
export const AUDIENCES: readonly Audience[] = [agentScreens, supervisorScreens, adminScreens];

/** Where `/` goes after sign-in. */
export const HOME_PATH = '/inbox';

export const canOpen = (screen: Screen, can: (permission: Permission) => boolean): boolean => !screen.permission || can(screen.permission);

/** The menu the user sees: each audience's labelled screens they may open, audiences left with none dropped. */
export function menuOf(audiences: readonly Audience[], can: (permission: Permission) => boolean): { audience: Audience; screens: Screen[] }[] {
  return audiences
    .map((audience) => ({ audience, screens: audience.screens.filter((screen) => screen.label && canOpen(screen, can)) }))
    .filter((group) => group.screens.length > 0);
}
