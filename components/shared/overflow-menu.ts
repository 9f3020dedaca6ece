import type { LitElement, ReactiveController } from 'lit';
import { loadMoreMenu } from '../lazy/loaders.js';

/**
 * The narrow control bar's "More" menu button, as the ARIA menu-button pattern has it: a click
 * toggles the menu, ArrowDown opens it at its first item and ArrowUp at its last. What the menu
 * shows and how it moves focus (`view`, more-menu.ts) is fetched on first open.
 */
export class OverflowMenu implements ReactiveController {
  open = false;
  view: Awaited<ReturnType<typeof loadMoreMenu>> | null = null;
  /** Closes the menu on a press outside it, while it is open. */
  outside: ((event: Event) => void) | null = null;

  constructor(readonly host: LitElement) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.view?.closeMenu(this, false);
  }

  readonly toggle = (): void => (this.open ? this.view!.closeMenu(this, true) : void this.show(0));

  readonly onButtonKey = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    void this.show(event.key === 'ArrowUp' ? -1 : 0);
  };

  private async show(index: number): Promise<void> {
    this.view ??= await loadMoreMenu();
    await this.view.openMenu(this, index);
  }
}
