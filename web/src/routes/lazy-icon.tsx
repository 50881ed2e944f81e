import { lazy, Suspense, type ComponentType } from 'react';

type IconComponent = ComponentType<{ 'aria-hidden'?: boolean }>;

/**
 * Menu icons from a set loaded on first use: an agent never sees the admin or supervisor menus, so their icons
 * (SVG paths weigh more than their code) stay out of the agent workspace's first download.
 */
export function lazyIconSet<Name extends string>(load: () => Promise<{ default: Record<Name, IconComponent> }>) {
  return (name: Name) => {
    const Icon = lazy(async (): Promise<{ default: IconComponent }> => ({ default: (await load()).default[name] }));
    return (
      <Suspense fallback={<span style={{ display: 'inline-block', width: '1em', height: '1em' }} />}>
        <Icon aria-hidden />
      </Suspense>
    );
  };
}
