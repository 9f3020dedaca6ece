import type { ReactiveController } from 'lit';
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

/**
 * Listens for the shortcuts: on the whole document while the host has `shortcuts`, otherwise
 * only on the host (so only while focus is inside it). `run` says whether it acted; only then is
 * the key kept from the browser, and a key the page already took is left alone.
 */
export class ShortcutsController implements ReactiveController {
  private target: EventTarget | null = null;
  /** Whether the last press acted: a held key repeats, and acts once, but its repeats are taken alike. */
  private acted = false;

  constructor(
    private readonly host: HTMLElement & { shortcuts: boolean; addController(controller: ReactiveController): void },
    private readonly run: (action: ShortcutAction) => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.listen();
  }

  /** After every update, so turning `shortcuts` on or off moves the listener. */
  hostUpdated(): void {
    this.listen();
  }

  hostDisconnected(): void {
    this.target?.removeEventListener('keydown', this.onKey);
    this.target = null;
  }

  private listen(): void {
    const target = this.host.shortcuts ? document : this.host;
    if (target === this.target) return;
    this.hostDisconnected();
    target.addEventListener('keydown', this.onKey);
    this.target = target;
  }

  private readonly onKey = (event: Event): void => {
    const key = event as KeyboardEvent;
    const action = key.defaultPrevented ? null : shortcutOf(key);
    if (!action) return;
    if (!key.repeat) this.acted = this.run(action);
    if (this.acted) key.preventDefault();
  };
}
