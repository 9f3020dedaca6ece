import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ShortcutAction } from '../events/shortcut-event.js';
import { shortcutOf } from './shortcuts.js';

/** An element with keyboard shortcuts: `shortcuts` makes them page-wide. */
export interface ShortcutHost extends ReactiveControllerHost, HTMLElement {
  readonly shortcuts: boolean;
}

/**
 * Hears the keyboard shortcuts on the document while the element is on the page: pressed
 * anywhere with `shortcuts`, else only with focus inside the element. `run` acts and says
 * whether it did; only a key that acted is kept from the browser, and a key the page already
 * took is left alone.
 */
export class ShortcutController implements ReactiveController {
  /** Whether the last shortcut pressed acted: a held key repeats, acting once, but its repeats are taken alike. */
  private acted = false;

  constructor(
    private readonly host: ShortcutHost,
    private readonly run: (action: ShortcutAction) => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('keydown', this.onKey);
  }

  hostDisconnected(): void {
    document.removeEventListener('keydown', this.onKey);
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    const action = (this.host.shortcuts || event.composedPath().includes(this.host)) && !event.defaultPrevented ? shortcutOf(event) : null;
    if (!action) return;
    if (!event.repeat) this.acted = this.run(action);
    if (this.acted) event.preventDefault();
  };
}
