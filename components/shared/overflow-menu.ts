import type { LitElement, ReactiveController } from 'lit';

const ITEMS = '[role^="menuitem"]';

/**
 * The narrow control bar's "More" menu, as the ARIA menu-button pattern has it: opening moves
 * focus to the first item (ArrowUp on the button: the last), arrows, Home and End move between
 * items, Escape closes and returns focus to the button, Tab and a press outside close it. The
 * element renders the button and the menu; this keeps whether it is open and where focus goes.
 */
export class OverflowMenu implements ReactiveController {
  open = false;

  constructor(private readonly host: LitElement) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close(false);
  }

  readonly toggle = (): void => (this.open ? this.close(true) : this.show(0));

  /** Runs a chosen item's action, then closes, as choosing from a menu does. */
  readonly choose = (action: () => void) => (): void => {
    action();
    this.close(true);
  };

  close(returnFocus: boolean): void {
    if (!this.open) return;
    this.open = false;
    document.removeEventListener('pointerdown', this.onPointerDown, true);
    this.host.requestUpdate();
    if (returnFocus) this.more?.querySelector<HTMLElement>('.more-button')?.focus();
  }

  readonly onButtonKey = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    this.show(event.key === 'ArrowUp' ? -1 : 0);
  };

  readonly onMenuKey = (event: KeyboardEvent): void => {
    const items = this.items();
    const at = items.indexOf(event.composedPath()[0] as HTMLElement);
    const step: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: -1 };
    if (event.key === 'Tab') {
      // Focus moves on as usual; the menu just does not stay behind it.
      this.close(false);
      return;
    }
    if (event.key === 'Escape') this.close(true);
    else if (event.key in step) focusAt(items, step[event.key]);
    else return;
    // Taken keys stop here, so an Escape that closes the menu does not also close a host's dialog.
    event.preventDefault();
    event.stopPropagation();
  };

  private show(index: number): void {
    this.open = true;
    document.addEventListener('pointerdown', this.onPointerDown, true);
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => focusAt(this.items(), index));
  }

  /** A press anywhere but the button and its menu closes the menu, and leaves focus where the press puts it. */
  private readonly onPointerDown = (event: Event): void => {
    const { more } = this;
    if (!more || !event.composedPath().includes(more)) this.close(false);
  };

  /** The button and its menu. */
  private get more(): Element | null {
    return this.host.renderRoot.querySelector('.more');
  }

  private items(): HTMLElement[] {
    return [...(this.more?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];
  }
}

/** Focuses the item at `index`, wrapping at both ends (-1 is the last). */
function focusAt(items: HTMLElement[], index: number): void {
  items.at(index % items.length)?.focus();
}
