import { html, nothing } from 'lit';
import type { FullscreenController } from '../controllers/fullscreen-controller.js';
import { toggle } from '../shared/call-controls.js';
import { fill, type LifelineStrings } from '../strings/strings.js';
import { pictureInPictureMode } from './picture-in-picture-support.js';
import { nextCorner, type Placement, type SelfView, type SelfViewCorner } from './tile-focus.js';
import { tileLabel, type TileModel } from './video-tile.js';

export interface TileButtonsState {
  place: Placement;
  pinned: boolean;
  /** Whether the browser offers fullscreen, and whether this tile is fullscreen now. */
  fullscreen: { available: boolean; on: boolean };
}

export interface LayoutActions {
  /** The tile's actions read its key from the closest `figure[data-tile]`. */
  pin: (event: Event) => void;
  fullscreen: (event: Event) => void;
  move: (event: Event) => void;
  moveByKey: (event: KeyboardEvent) => void;
  toggleFullscreen: () => void;
  toggleSelfView: () => void;
  togglePictureInPicture: () => void;
}

/** What the buttons change on the element: its layout properties, as a host would set them. */
export interface LayoutHost extends HTMLElement {
  pinned: string;
  selfView: SelfView | null;
  selfViewCorner: SelfViewCorner;
  readonly renderRoot: HTMLElement | DocumentFragment;
  togglePictureInPicture(): Promise<void>;
}

/** What the tiles' and the view's buttons do, and a click on a tile: pin it. */
export function createLayoutActions(host: LayoutHost, fullscreen: FullscreenController): LayoutActions {
  let beforeHiding: SelfView | null = null;
  const move = (key: string) => {
    const corner = nextCorner(host.selfViewCorner, key, getComputedStyle(host).direction === 'rtl');
    if (corner) host.selfViewCorner = corner;
    return corner !== null;
  };
  return {
    pin: (event) => {
      // A click on a tile's other buttons (a host's actions, fullscreen) is theirs; the pin button's own click comes here itself.
      const target = event.target as Element;
      if (event.currentTarget !== target.closest('button') && target.closest('button, select, a, input')) return;
      const key = (event.currentTarget as Element).closest<HTMLElement>('figure[data-tile]')?.dataset.tile;
      if (key !== undefined) host.pinned = host.pinned === key ? '' : key;
    },
    fullscreen: (event) => void fullscreen.toggle((event.currentTarget as Element).closest('figure')),
    move: () => move('cycle'),
    moveByKey: (event) => {
      if (move(event.key)) event.preventDefault();
    },
    toggleFullscreen: () => void fullscreen.toggle(host.renderRoot.querySelector('.call')),
    toggleSelfView: () => {
      // Back from hidden to what the host chose before (or the default by the call's size).
      const hidden = host.selfView === 'hidden';
      if (!hidden) beforeHiding = host.selfView;
      host.selfView = hidden ? beforeHiding : 'hidden';
    },
    togglePictureInPicture: () => void host.togglePictureInPicture(),
  };
}

/**
 * A tile's buttons (part `tile-actions`): pin, on every tile; fullscreen, on the tile in focus
 * where the browser has it; move, on the floating self-view. Toggles keep their names and say
 * their state with `aria-pressed`; each names the person, which the short visible word starts.
 */
export function renderTileButtons(strings: LifelineStrings, tile: TileModel, at: TileButtonsState, actions: LayoutActions) {
  const { layout } = strings;
  const name = tile.kind === 'screen' ? tileLabel(strings, tile) : tile.name;
  const pinName = tile.local && tile.kind === 'camera' ? layout.pinSelf : fill(layout.pinName, { name });
  return html`
    <span class="tile-actions" part="tile-actions">
      <button class="tile-button" part="pin-button" aria-label=${pinName} aria-pressed=${String(at.pinned)} @click=${actions.pin}>${layout.pin}</button>
      ${
        at.place === 'focus' && at.fullscreen.available
          ? html`<button class="tile-button" part="focus-fullscreen-button" aria-label=${fill(layout.fullscreenOf, { name })} aria-pressed=${String(at.fullscreen.on)} @click=${actions.fullscreen}>${layout.fullscreen}</button>`
          : nothing
      }
      ${
        at.place === 'floating'
          ? html`<button class="tile-button" part="move-button" aria-label=${layout.moveSelfView} @click=${actions.move} @keydown=${actions.moveByKey}>${layout.move}</button>`
          : nothing
      }
    </span>
  `;
}

/**
 * The element's view toggles (part `view-controls`): fullscreen where the browser has it, hiding
 * the self-view, and picture-in-picture (an icon button like the control bar's) where the
 * browser has either kind.
 */
export function renderViewControls(
  strings: LifelineStrings,
  state: { fullscreen: boolean | null; selfHidden: boolean; pictureInPicture: boolean },
  actions: LayoutActions,
) {
  const { layout } = strings;
  const pip = strings.pictureInPicture.button;
  return html`
    <div class="view-controls" part="view-controls" role="group" aria-label=${layout.view}>
      ${state.fullscreen === null ? nothing : html`<button class="toggle" part="fullscreen-button" aria-pressed=${String(state.fullscreen)} @click=${actions.toggleFullscreen}>${layout.fullscreen}</button>`}
      <button class="toggle" part="self-view-button" aria-pressed=${String(state.selfHidden)} @click=${actions.toggleSelfView}>${layout.hideSelfView}</button>
      ${pictureInPictureMode() ? toggle('picture-in-picture-button', pip, 'picture-in-picture', state.pictureInPicture, false, actions.togglePictureInPicture) : nothing}
    </div>
  `;
}
