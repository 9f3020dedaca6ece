import type { ShortcutAction } from '../events/shortcut-event.js';

/**
 * Ctrl+D, Ctrl+E and Ctrl+Shift+S (Cmd on a Mac), the keys Google Meet taught people; null for
 * any other key, which then stays the page's.
 */
export function shortcutOf(event: KeyboardEvent): ShortcutAction | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (event.shiftKey) return key === 's' ? 'screen-share' : null;
  return key === 'd' ? 'microphone' : key === 'e' ? 'camera' : null;
}
