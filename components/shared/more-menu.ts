import { css, html, nothing } from 'lit';
import { devicesOfKind, type DeviceKind } from '../../src/index.js';
import type { CallEngineController } from '../controllers/call-engine-controller.js';
import type { LifelineStrings } from '../strings/strings.js';
import type { ControlsActions, ControlsState } from './call-controls.js';
import type { OverflowMenu } from './overflow-menu.js';

// The narrow control bar's "More" menu, fetched the first time someone opens it (a chunk of its
// own in the CDN build): most calls never run in a bar narrow enough to need it. Its styles open
// it above the bar, from the bar's start, and hide More's tooltip while it is open (clipped, not
// removed, as the tooltip is the button's name).

/**
 * The menu: screen share and record as checkbox items, then a group of radio items per device kind. Checked
 * shows as a mark (`aria-checked` says it to screen readers), not only a colour.
 */
export function renderMenu(
  strings: LifelineStrings,
  controller: CallEngineController,
  kinds: DeviceKind[],
  share: boolean,
  state: ControlsState,
  actions: ControlsActions,
  menu: OverflowMenu,
) {
  const { view } = controller;
  const item = (role: string, label: string, checked: boolean, disabled: boolean, action: () => void) =>
    html`<button
      class="menu-item"
      part="menu-item"
      role=${role}
      tabindex="-1"
      aria-checked=${role === 'menuitem' ? nothing : String(checked)}
      aria-disabled=${disabled ? 'true' : nothing}
      @click=${
        disabled
          ? nothing
          : () => {
              action();
              closeMenu(menu, true);
            }
      }
    >
      ${label}
    </button>`;
  return html`<div class="menu" part="menu" role="menu" aria-label=${strings.controls.more} tabindex="-1" @keydown=${(e: KeyboardEvent) => onMenuKey(menu, e)}>
    ${share ? item('menuitemcheckbox', strings.controls.shareScreen, view.screenSharing, !state.inCall, actions.toggleScreenShare!) : nothing}
    ${state.recordable ? item('menuitemcheckbox', strings.controls.record, state.recording, !state.inCall && !state.recording, actions.toggleRecording) : nothing}
    ${kinds.map((kind) => {
      const devices = devicesOfKind(view.devices, kind);
      return html`<div role="group" aria-label=${strings.pickers[kind]}>
        <span class="menu-heading" aria-hidden="true">${strings.pickers[kind]}</span>
        ${
          devices.length === 0
            ? item('menuitem', strings.noDevice[kind], false, true, () => {})
            : devices.map((d) => item('menuitemradio', d.label, d.id === view.deviceInUse[kind], false, () => void controller.selectDevice(kind, d.id)))
        }
      </div>`;
    })}
  </div>`;
}

/** Opens the menu with focus on the item at `index` (-1: the last), its styles adopted on first use. */
export async function openMenu(menu: OverflowMenu, index: number): Promise<void> {
  const root = menu.host.renderRoot as ShadowRoot;
  const sheet = menuStyles.styleSheet!;
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  // A press anywhere but the button and its menu closes the menu, and leaves focus where the press puts it.
  menu.outside ??= (event) => {
    const more = moreOf(menu);
    if (!more || !event.composedPath().includes(more)) closeMenu(menu, false);
  };
  document.addEventListener('pointerdown', menu.outside, true);
  menu.open = true;
  menu.host.requestUpdate();
  await menu.host.updateComplete;
  focusItem(menu, index);
}

export function closeMenu(menu: OverflowMenu, returnFocus: boolean): void {
  if (!menu.open) return;
  menu.open = false;
  if (menu.outside) document.removeEventListener('pointerdown', menu.outside, true);
  menu.host.requestUpdate();
  if (returnFocus) moreOf(menu)?.querySelector<HTMLElement>('.more-button')?.focus();
}

/** The button and its menu. */
const moreOf = (menu: OverflowMenu) => menu.host.renderRoot.querySelector('.more');
const itemsOf = (menu: OverflowMenu) => [...(moreOf(menu)?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];

/** Focuses the item at `index`, wrapping at both ends (-1 is the last). */
function focusItem(menu: OverflowMenu, index: number): void {
  const items = itemsOf(menu);
  items.at(index % items.length)?.focus();
}

/**
 * Arrows, Home and End move between items (wrapping); Escape closes and returns focus to the
 * button; Tab closes and lets focus move on. Taken keys stop here, so an Escape that closes the
 * menu does not also close a host's dialog around the call.
 */
function onMenuKey(menu: OverflowMenu, event: KeyboardEvent): void {
  const at = itemsOf(menu).indexOf(event.composedPath()[0] as HTMLElement);
  const to: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: -1 };
  if (event.key === 'Tab') return closeMenu(menu, false);
  if (event.key === 'Escape') closeMenu(menu, true);
  else if (event.key in to) focusItem(menu, to[event.key]);
  else return;
  event.preventDefault();
  event.stopPropagation();
}

export const menuStyles = css`
  .controls {
    position: relative;
  }
  .more-button[aria-expanded='true'] > .label {
    clip-path: inset(50%);
  }
  .menu {
    position: absolute;
    inset-block-end: calc(100% + 6px);
    inset-inline-start: 0;
    z-index: 3;
    display: grid;
    min-width: min(16rem, 100%);
    max-width: 100%;
    padding: 4px;
    background: var(--_bg);
    color: var(--_text);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    outline: none;
  }
  .menu-heading {
    display: block;
    padding: 6px 12px 2px;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .menu-item {
    display: flex;
    width: 100%;
    border: 0;
    border-radius: 6px;
    background: none;
    text-align: start;
    padding: 8px 12px;
  }
  .menu-item:is(:hover, :focus-visible) {
    background: var(--_surface);
  }
  .menu-item::before {
    content: '';
    flex: none;
    width: 1.5em;
  }
  .menu-item[aria-checked='true']::before {
    content: '✓';
    content: '✓' / '';
  }
  .menu-item[aria-disabled='true'] {
    color: var(--_muted);
    cursor: default;
  }
`;
