import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { MessageKey, Permission } from '../shared/index.ts';

/** One screen of the signed-in app: the router and the navigation menu are both built from these. */
export interface Screen {
  /** Below the app's root, without the leading slash: 'inbox', 'tickets/:id', 'admin/users'. */
  path: string;
  /** A lazy page (its own chunk); only the landing screen is eager. */
  page: ComponentType | LazyExoticComponent<ComponentType>;
  /** Catalogue key of its menu entry; a screen without one is reached through links (a ticket, the profile). */
  label?: MessageKey;
  icon?: ReactNode;
  /** Without it the screen is left out of the menu and answers "no access". */
  permission?: Permission;
}

/** The screens of one audience, shown as one group of the menu. */
export interface Audience {
  key: 'agent' | 'supervisor' | 'admin';
  /** Heading of its menu group. */
  label?: MessageKey;
  /** A path prefix of its own ('admin'): opening it bare goes to the first screen the user may see. */
  base?: string;
  screens: Screen[];
}
