/**
 * Which tile of `<video-call>` is in focus: a pure choice from who is in the call, who speaks,
 * what is pinned and what is shared, so it can be tested without a call. The element renders
 * what this returns and keeps `heldSpeaker` for the next call of `chooseFocus`.
 */

/** `grid`: everyone alike; `speaker`: the active speaker large; `auto` (and anything else): a shared screen, else the speaker. */
export type CallLayout = 'auto' | 'grid' | 'speaker';

/**
 * A tile shows one thing of one person: their camera, or (once screen share lands) their
 * screen. A screen tile's key is `screen/<participant id>`, a camera tile's the participant id.
 */
export type TileKind = 'camera' | 'screen';

export interface TileRef {
  key: string;
  participantId: string;
  kind: TileKind;
  local: boolean;
}

export interface FocusInput {
  layout: CallLayout;
  /** Every tile, in the order the element shows them (the local camera first). */
  tiles: readonly TileRef[];
  /** The remote participants speaking now (the core's SpeakingWatch). */
  speaking: ReadonlySet<string>;
  /** The key of the tile a person or the host pinned; null for none. */
  pinned: string | null;
  /** The speaker focused last time, kept until someone else speaks. */
  heldSpeaker: string | null;
}

export interface FocusChoice {
  /** The key of the tile in focus; null for the grid. */
  focus: string | null;
  /** Who to keep as the speaker next time. */
  heldSpeaker: string | null;
}

/** The key of a person's screen tile; '/' is in no participant id, so it is no one's camera. */
export const screenKey = (participantId: string) => `screen/${participantId}`;

/**
 * A pin wins in every layout (pinning in the grid brings that tile forward); then `grid` has
 * no focus; `auto` prefers a remote shared screen, then the local one; both `auto` and
 * `speaker` then take the speaker: the one held while they still speak or while nobody speaks
 * (so focus does not flap in pauses), else the first remote speaking; then the first remote
 * camera; alone, the local camera.
 */
export function chooseFocus(input: FocusInput): FocusChoice {
  const { tiles, speaking, pinned, layout } = input;
  const cameras = tiles.filter((t) => t.kind === 'camera' && !t.local);
  const present = (id: string | null) => id !== null && cameras.some((t) => t.participantId === id);
  const held = present(input.heldSpeaker) ? input.heldSpeaker : null;
  const speaker =
    held !== null && (speaking.has(held) || !cameras.some((t) => speaking.has(t.participantId)))
      ? held
      : (cameras.find((t) => speaking.has(t.participantId))?.participantId ?? null);

  if (pinned !== null && tiles.some((t) => t.key === pinned)) return { focus: pinned, heldSpeaker: speaker };
  if (layout === 'grid') return { focus: null, heldSpeaker: speaker };
  if (layout !== 'speaker') {
    const screens = tiles.filter((t) => t.kind === 'screen');
    const screen = screens.find((t) => !t.local) ?? screens[0];
    if (screen) return { focus: screen.key, heldSpeaker: speaker };
  }
  // Alone there is nobody to bring forward: the grid's one tile.
  const focus = speaker !== null ? cameras.find((t) => t.participantId === speaker) : cameras[0];
  return { focus: focus?.key ?? null, heldSpeaker: speaker };
}

/**
 * Where the local camera shows: `floating` (over the others, in a corner), a `tile` like the
 * others, or `hidden`. The host's choice holds, except that floating needs someone to float
 * over; with no choice it floats in a call of two and is a tile otherwise.
 */
export type SelfView = 'floating' | 'tile' | 'hidden';

/** What the self-view is now; a choice other than the three reads as none. */
export function placeSelfView(chosen: SelfView | null, remoteCount: number): SelfView {
  if (chosen === 'hidden') return 'hidden';
  if (remoteCount === 0) return 'tile';
  return chosen === 'floating' || chosen === 'tile' ? chosen : remoteCount === 1 ? 'floating' : 'tile';
}

/** The corner a floating self-view sits in; logical, so it mirrors right to left. */
export type SelfViewCorner = 'top-start' | 'top-end' | 'bottom-start' | 'bottom-end';
export const SELF_VIEW_CORNERS: readonly SelfViewCorner[] = ['bottom-end', 'bottom-start', 'top-start', 'top-end'];

/**
 * The corner a key moves the self-view to: `cycle` (a click, Enter or Space) goes round the corners, the
 * arrows go where they point (left and right read with the page's direction); null for other keys.
 */
export function nextCorner(from: SelfViewCorner, key: string, rtl = false): SelfViewCorner | null {
  const corner = validCorner(from);
  const [block, inline] = corner.split('-') as ['top' | 'bottom', 'start' | 'end'];
  const left = rtl ? 'end' : 'start';
  const right = rtl ? 'start' : 'end';
  switch (key) {
    case 'ArrowUp':
      return `top-${inline}`;
    case 'ArrowDown':
      return `bottom-${inline}`;
    case 'ArrowLeft':
      return `${block}-${left}`;
    case 'ArrowRight':
      return `${block}-${right}`;
    case 'cycle':
      return SELF_VIEW_CORNERS[(SELF_VIEW_CORNERS.indexOf(corner) + 1) % SELF_VIEW_CORNERS.length];
    default:
      return null;
  }
}

/** The corner itself, or the default for anything else. */
export function validCorner(corner: string): SelfViewCorner {
  return SELF_VIEW_CORNERS.includes(corner as SelfViewCorner) ? (corner as SelfViewCorner) : 'bottom-end';
}

/** Where each tile sits, by key: the one in focus, the self-view as placed, the rest in the grid or (with a focus) the filmstrip. */
export type Placement = 'grid' | 'focus' | 'strip' | 'floating' | 'hidden';

export function placeTiles(tiles: readonly TileRef[], focus: string | null, selfView: SelfView): Map<string, Placement> {
  return new Map(
    tiles.map((tile): [string, Placement] => {
      if (tile.key === focus) return [tile.key, 'focus'];
      if (tile.local && tile.kind === 'camera' && selfView !== 'tile') return [tile.key, selfView];
      return [tile.key, focus === null ? 'grid' : 'strip'];
    }),
  );
}
