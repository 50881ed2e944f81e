import { useEffect, useRef } from 'react';

/** True while the user is typing: single-key shortcuts must not steal their keystrokes. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((target as HTMLInputElement).type);
  return target.getAttribute('role') === 'combobox';
}

/** Enter already means "activate" on buttons, links and other controls; the shortcut must not fire twice. */
function isActivatable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return !!target.closest('button, a[href], summary, [role="button"], [role="tab"], [role="radio"], [role="menuitem"], [role="option"], [role="switch"], [role="checkbox"]');
}

/** A key as written in the shortcut tables: 'j', 'shift+a', 'mod+enter', '/', '?'. */
export function describeKey(event: KeyboardEvent): string {
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('mod');
  if (event.altKey) parts.push('alt');
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key.toLowerCase();
  if (event.shiftKey && key.length > 1) parts.push('shift');
  parts.push(key);
  return parts.join('+');
}

export type ShortcutMap = Record<string, (event: KeyboardEvent) => void>;

/**
 * Page-level keyboard shortcuts. Plain keys are ignored while typing; combinations with mod (Ctrl/⌘)
 * work everywhere (mod+enter sends from the composer).
 */
export function useShortcuts(shortcuts: ShortcutMap, enabled = true): void {
  const ref = useRef(shortcuts);
  ref.current = shortcuts;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const key = describeKey(event);
      const handler = ref.current[key];
      if (!handler) return;
      if (!key.startsWith('mod+') && isTyping(event.target)) return;
      if (key === 'enter' && isActivatable(event.target)) return;
      // Shortcuts do not fire from inside dialogs unless the dialog owns them.
      if (!key.startsWith('mod+') && event.target instanceof HTMLElement && event.target.closest('.ant-modal') && !event.target.closest('[data-shortcuts]')) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
