import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { FullscreenController } from '../controllers/fullscreen-controller.js';
import { CallElement } from '../shared/call-element.js';
import { callStyles } from '../shared/call.styles.js';
import { tokens } from '../styles/tokens.js';
import type { CallLayout, Placement, SelfView, SelfViewCorner } from './tile-focus.js';
import type { LayoutActions } from './layout-controls.js';
import type { PictureInPicture } from './picture-in-picture.js';
import { renderTile, type TileModel } from './video-tile.js';
import { videoCallStyles } from './video-call.styles.js';

/**
 * @tagname video-call
 * @summary A video call in a room: up to four people in a grid that follows the element's width or
 * with one in focus (the active speaker, a shared screen, a pinned tile) above a filmstrip, a
 * floating self-view, names, speaking, muted, camera-off and link-quality badges on each tile,
 * fullscreen, controls, a status line and recovery banner, device pickers and, in direct mode,
 * an incoming-call prompt.
 *
 * @attr room - Room to join.
 * @attr signaling-url - Origin of the signaling server; the page's own origin when empty.
 * @attr ice-config-url - Endpoint of this tenant's ICE config and TURN credentials; `iceConfig` is the fallback.
 * @attr participant-id - Stable id of this participant; generated when empty.
 * @attr token - The signed join token for this person and room, where the server requires one (its `sub` is the participant id).
 * @attr display-name - Name shown to the others.
 * @attr mode - `room` (everyone connects) or `direct` (participants ring each other).
 * @attr auto-join - Join as soon as the element is on the page with a room; with `prejoin`, the pre-join screen shows instead and Join joins.
 * @attr prejoin - Show a pre-join screen before joining (fetched only then): the mirrored camera preview, a name field without `display-name`, camera, microphone and speaker pickers, the microphone's level, camera and microphone on or off for the join, and the browser's own steps when it blocked them. Join fires `lifeline-prejoin`, then joins with the choices; `join()` called by the host skips the screen (or joins with its choices while it shows). After a call, a Join again button opens it again.
 * @attr no-device-pickers - Hide the device pickers.
 * @attr no-controls - Hide the built-in control bar (put your own in the `controls` slot).
 * @attr recordable - Offer a record button; recordings go to the signaling server's sink unless `recordingOptions.sinkUrl` says otherwise.
 * @attr shortcuts - Keyboard shortcuts anywhere on the page (Ctrl/Cmd+D microphone, Ctrl/Cmd+E camera, Ctrl/Cmd+Shift+S screen share where the element offers it); without it they work only while focus is inside the element.
 * @attr theme - `light` or `dark`; when absent, the person's `prefers-color-scheme`.
 * @attr layout - `auto` (default): a shared screen in focus, else the active speaker (kept until someone else speaks), else the first remote person, the others in a filmstrip; `speaker`: the same without preferring a screen; `grid`: everyone alike. A pinned tile is in focus in every layout.
 * @attr pinned - The tile in focus whatever the layout: a participant id (the local one's for the self-view), `screen/<participant id>` for a shared screen; empty for none. Clicking a tile or its pin button sets and clears it.
 * @attr self-view - `floating`: the local camera floats in a corner over the others (mirrored); `tile`: a tile like the others; `hidden`: not shown (the camera still sends). When absent: floating in a call of two, a tile otherwise. Floating needs someone to float over: alone it is a tile. The person's hide button sets `hidden`.
 * @attr self-view-corner - Where the floating self-view sits: `bottom-end` (default), `bottom-start`, `top-start` or `top-end` (start and end follow the page's direction). Its move button and arrow keys change it.
 * @attr state - Reflected call state: idle | joining | waiting-room | waiting | connecting | connected | reconnecting | ended.
 * @prop {CallEngine | null} engine - Use an existing engine instead of creating one.
 * @prop {IceConfig | null} iceConfig - STUN and TURN servers; the fallback when `ice-config-url` fails.
 * @prop {(() => Promise<string>) | null} tokenProvider - Asked for a join token on join and again before it expires; instead of `token`.
 * @prop {MediaDevicesLike | null} mediaDevices - The device layer of an engine the element creates; null for the browser's.
 * @prop {StringsOverride | null} strings - Texts instead of the built-in English: any part of `LifelineStrings`.
 * @prop {RecordingSessionOptions} recordingOptions - Options of recordings started from the record button.
 *
 * @fires lifeline-state-change - The call state changed; `detail: { state, previous }`.
 * @fires lifeline-participant-joined - `detail: { participant }`.
 * @fires lifeline-participant-left - `detail: { participant }`.
 * @fires lifeline-incoming-call - Direct mode ringing; cancelable to replace the built-in prompt.
 * @fires lifeline-error - `detail: { error }`, a CallError with a documented `code`.
 * @fires lifeline-recovery - Each step of a call's recovery; `detail` is a RecoveryEvent.
 * @fires lifeline-quality - About once a second per call; `detail` is a QualityReport.
 * @fires lifeline-device-recovery - A device in use went away or came back; `detail` is a DeviceRecoveryEvent.
 * @fires lifeline-recording - The recording's state changed; `detail` is a RecordingStatus.
 * @fires lifeline-screen-share - This participant started or stopped sharing a screen; `detail: { sharing, stream }`.
 * @fires lifeline-shortcut - A keyboard shortcut was pressed in a call, before the element acts; cancelable to act yourself (the key is still kept from the browser); `detail: { action }`, microphone, camera or screen-share.
 * @fires lifeline-prejoin - The person pressed Join on the pre-join screen; cancelable to hold the join (the host's `join()` then joins with the choices); `detail: { displayName, audio, video, devices: { camera, microphone, speaker } }`.
 * @fires lifeline-picture-in-picture - The call went into picture-in-picture (its window, or the browser's for one video) or came back; `detail: { open }`.
 * @fires lifeline-knock - A guest knocks at the waiting room (to a host); cancelable to replace the built-in prompt; `detail: { participantId, name, admit(), deny() }`.
 *
 * @slot controls - Replaces the built-in control bar.
 * @slot empty - Shown while nobody else is in the room, instead of the built-in sentence.
 * @slot branding - Beside the status line: a logo, a product name.
 * @slot icon-microphone - Replaces the microphone icon (mute button, not pressed); the button keeps its name (`aria-label`) whatever the icon says.
 * @slot icon-microphone-off - Replaces the microphone-off icon (mute button, pressed).
 * @slot icon-camera - Replaces the camera icon (camera button, not pressed).
 * @slot icon-camera-off - Replaces the camera-off icon (camera button, pressed).
 * @slot icon-screen-share - Replaces the screen-share icon (share button, not pressed).
 * @slot icon-screen-share-stop - Replaces the stop-sharing icon (share button, pressed).
 * @slot icon-record - Replaces the record icon (record button, not pressed).
 * @slot icon-record-stop - Replaces the stop-recording icon (record button, pressed).
 * @slot icon-hang-up - Replaces the hang-up icon.
 * @slot icon-more - Replaces the icon of the narrow bar's More button.
 * @slot icon-picture-in-picture - Replaces the picture-in-picture toggle's icon (not pressed); the window draws the built-in icons.
 * @slot icon-picture-in-picture-off - Replaces the picture-in-picture toggle's icon while the call is in picture-in-picture.
 *
 * @csspart base - The element's frame.
 * @csspart status - The status line (an aria-live region).
 * @csspart announcement - Who joined or left, for screen readers only (an aria-live region).
 * @csspart recovery-banner - What the call's recovery is doing; `data-step` names the ladder step.
 * @csspart recovery-message - The banner's sentence (an aria-live region).
 * @csspart recovery-countdown - While waiting for the network: how long it keeps trying.
 * @csspart device-notice - What happened to a device (an aria-live region); `data-action` is switched, stopped, restored or failed.
 * @csspart device-notice-dismiss - Hides the device notice.
 * @csspart recording - The recording indicator (an aria-live region); `data-state` is recording, saving, saved or failed.
 * @csspart incoming - The incoming-call prompt.
 * @csspart accept-button - Accepts the incoming call.
 * @csspart decline-button - Declines the incoming call.
 * @csspart knock - A guest waiting to be let in (to a host), with Admit and Deny.
 * @csspart admit-button - Lets the knocking guest in.
 * @csspart deny-button - Turns the knocking guest away.
 * @csspart host-bar - A host's controls of the room: lock and end for everyone.
 * @csspart lock-button - Locks the room so that guests knock (`aria-pressed` while locked).
 * @csspart end-for-everyone-button - Ends the call for everyone in the room.
 * @csspart host-actions - A host's actions on a remote person.
 * @csspart ask-to-mute-button - Asks that person to mute.
 * @csspart remove-button - Removes that person from the call.
 * @csspart mute-request - Who asked this person to mute (an aria-live region).
 * @csspart mute-request-dismiss - Hides the mute request notice.
 * @csspart empty - The empty-room message.
 * @csspart grid - Where the tiles are; `data-layout` is `grid` or `focus`, `data-count` the number of tiles laid out as a grid (1-4, with the empty-room message).
 * @csspart tile - Each person's tile; also `local-tile` or `remote-tile`, `speaking-tile` while they speak, and one of `focus-tile`, `filmstrip-tile` or `self-view` (`data-participant-id`, `data-quality`, `data-speaking`, `data-place`: grid, focus, strip, floating or hidden).
 * @csspart focus-tile - The tile in focus.
 * @csspart filmstrip - The band behind the tiles beside the one in focus.
 * @csspart filmstrip-tile - A tile in the filmstrip.
 * @csspart self-view - The floating self-view (`data-corner` says where).
 * @csspart tile-actions - A tile's buttons, in a call: pin, and fullscreen or move where they apply.
 * @csspart pin-button - Puts its tile in focus, and again takes it out (`aria-pressed` while pinned); a click on the tile does the same.
 * @csspart focus-fullscreen-button - Shows the tile in focus full screen (`aria-pressed` while it is); absent where the browser has no fullscreen.
 * @csspart move-button - Moves the floating self-view to the next corner; arrow keys move it where they point.
 * @csspart view-controls - The group of the element's view toggles, in a call.
 * @csspart fullscreen-button - Shows the whole element full screen (`aria-pressed` while it is); absent where the browser has no fullscreen.
 * @csspart self-view-button - Hides the self-view (`aria-pressed` while hidden).
 * @csspart picture-in-picture-button - Takes the call into picture-in-picture and back (`aria-pressed` while there); absent where the browser has neither kind (older Firefox).
 * @csspart picture-in-picture - While the call is in its picture-in-picture window: the sentence saying so, in place of the tiles.
 * @csspart picture-in-picture-return-button - Brings the call back from its picture-in-picture window.
 * @csspart local-video - The local camera preview.
 * @csspart remote-video - Each remote participant's video (it also plays their sound).
 * @csspart screen-tile - The tile of a screen someone shares (also `tile`; `data-participant-id` is the sharer's).
 * @csspart screen-video - A shared screen's video (it also plays the tab's or system's sound, where shared).
 * @csspart avatar - A person's initials while their camera is off.
 * @csspart name - The name on a tile.
 * @csspart speaking - The badge of someone speaking.
 * @csspart muted - The badge of someone whose microphone is off.
 * @csspart camera-off - The badge of someone whose camera is off.
 * @csspart quality - A remote tile's link quality when not good.
 * @csspart controls - The control bar.
 * @csspart mute-button - Microphone toggle (`aria-pressed` while muted, shown by a second icon); its name shows as a tooltip.
 * @csspart camera-button - Camera toggle (`aria-pressed` while off).
 * @csspart screen-share-button - Shares a screen (`aria-pressed` while sharing); absent where the browser cannot share one (phones).
 * @csspart record-button - Record toggle, with `recordable` (`aria-pressed` while recording).
 * @csspart hang-up-button - Leaves the call.
 * @csspart more-button - In a bar narrower than 400px: opens the menu of the controls that do not fit (`aria-expanded` while open).
 * @csspart menu - The More button's menu (`role="menu"`): record, and the devices by kind.
 * @csspart menu-item - Each item of that menu (`aria-checked` on record and on the device in use).
 * @csspart icon - Every built-in icon of the control bar (an inline SVG drawn with `stroke: currentColor`).
 * @csspart icon-microphone - The microphone icon.
 * @csspart icon-microphone-off - The microphone icon while muted.
 * @csspart icon-camera - The camera icon.
 * @csspart icon-camera-off - The camera icon while the camera is off.
 * @csspart icon-screen-share - The screen-share icon.
 * @csspart icon-screen-share-stop - The share button's icon while sharing.
 * @csspart icon-record - The record icon.
 * @csspart icon-record-stop - The record button's icon while recording.
 * @csspart icon-hang-up - The hang-up icon.
 * @csspart icon-more - The More button's icon.
 * @csspart icon-picture-in-picture - The picture-in-picture toggle's icon.
 * @csspart icon-picture-in-picture-off - Its icon while the call is in picture-in-picture.
 * @csspart camera-select - The camera picker (in a call, and on the pre-join screen).
 * @csspart microphone-select - The microphone picker (in a call, and on the pre-join screen).
 * @csspart speaker-select - The speaker picker, where the browser can choose one.
 * @csspart prejoin - The pre-join screen (with `prejoin`, before joining), in place of the tiles and the control bar.
 * @csspart prejoin-preview - The pre-join screen's camera preview (mirrored).
 * @csspart prejoin-camera-off - Said in place of the preview while the camera is off or not open.
 * @csspart prejoin-name - The name field, when the element has no `display-name`.
 * @csspart prejoin-microphone-button - Turns the microphone off for the join, and on again (`aria-pressed` while off).
 * @csspart prejoin-camera-button - Turns the camera off for the join, and on again (`aria-pressed` while off); off releases the camera.
 * @csspart prejoin-level - The microphone's live level (role meter).
 * @csspart prejoin-help - Why there is no camera or microphone and what to do, with the browser's own steps when it blocked them (an alert).
 * @csspart prejoin-retry - Opens the camera and microphone again after a failure.
 * @csspart join-button - Joins with the choices on the screen.
 * @csspart rejoin-button - After a call (with `prejoin`): opens the pre-join screen again.
 *
 * @cssprop --lifeline-video-call-background - Background of the element.
 * @cssprop --lifeline-recording-color - The dot of the recording indicator while recording.
 * @cssprop --lifeline-video-call-tile-background - Background of a tile without video.
 * @cssprop --lifeline-video-call-tile-aspect-ratio - Shape of the tiles; default 4 / 3.
 * @cssprop --lifeline-video-call-focus-aspect-ratio - Shape of the tile in focus; default 16 / 9.
 * @cssprop --lifeline-video-call-filmstrip-background - The band behind the filmstrip; default transparent.
 * @cssprop --lifeline-video-call-self-view-width - Width of the floating self-view; default 28% of the call's.
 * @cssprop --lifeline-color-background - Every element's background (global token).
 * @cssprop --lifeline-color-surface - Tiles, rows, buttons (global token).
 * @cssprop --lifeline-color-text - Text (global token).
 * @cssprop --lifeline-color-text-muted - Secondary text (global token).
 * @cssprop --lifeline-color-accent - Pressed toggles, avatars, the meter (global token).
 * @cssprop --lifeline-color-on-accent - Text on the accent colour (global token).
 * @cssprop --lifeline-color-danger - Hang up, failures (global token).
 * @cssprop --lifeline-color-on-danger - Text on the danger colour (global token).
 * @cssprop --lifeline-color-warning - The recovery banner and device notice (global token).
 * @cssprop --lifeline-color-speaking - The speaking outline (global token).
 * @cssprop --lifeline-radius - Corner radius (global token).
 * @cssprop --lifeline-spacing - The gap between pieces (global token).
 * @cssprop --lifeline-font-family - Font (global token).
 * @cssprop --lifeline-focus-ring - The keyboard focus ring, a box-shadow (global token).
 */
export class VideoCall extends CallElement {
  static override styles = [tokens, callStyles, videoCallStyles];

  /** `auto`, `grid` or `speaker`; anything else reads as `auto`. */
  @property() layout: CallLayout = 'auto';
  /** The key of the tile in focus whatever the layout (a participant id, or `screen/<id>`); empty for none. */
  @property() pinned = '';
  /** `floating`, `tile` or `hidden`; when absent, floating in a call of two and a tile otherwise. */
  @property({ attribute: 'self-view' }) selfView: SelfView | null = null;
  /** The floating self-view's corner: `bottom-end`, `bottom-start`, `top-start` or `top-end`. */
  @property({ attribute: 'self-view-corner' }) selfViewCorner: SelfViewCorner = 'bottom-end';

  protected readonly requestedMedia = { audio: true, video: true };
  /** Which of this element's nodes is fullscreen; made with the layouts' chunk. */
  private fullscreen: FullscreenController | null = null;
  /** The focus layouts' code and styles, once fetched; until then every tile sits in the grid. */
  private layouts: typeof import('./layout.js') | null = null;
  private layoutsLoading = false;
  /** The tiles of this render, where each sits, and the speaker kept in focus until another speaks. */
  private tiles: TileModel[] = [];
  private places = new Map<string, Placement>();
  private heldSpeaker: string | null = null;
  private actions: LayoutActions | null = null;
  /** The call's picture-in-picture, fetched on the first press of its button. */
  private pip: PictureInPicture | null = null;

  /**
   * Takes the call out of the page, or brings it back: where the browser has Document
   * Picture-in-Picture, the remote videos and the mute, camera and hang-up buttons move into an
   * always-on-top window; elsewhere the focused person's video goes into the browser's own
   * picture-in-picture. The browser asks for a person's click or key (Chromium allows a few
   * seconds for this chunk to arrive).
   */
  async togglePictureInPicture(): Promise<void> {
    this.pip ??= new (await import('./picture-in-picture.js')).PictureInPicture(this, { view: () => this.engineController.view, strings: () => this.text });
    await this.pip.toggle();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pip?.close();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.pip?.sync();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const view = this.engineController.view;
    this.tiles = this.buildTiles();
    const layouts = this.layouts;
    if (!layouts) {
      if (this.inCall || this.pinned) this.loadLayouts();
      this.places = new Map(this.tiles.map((tile) => [tile.key, 'grid']));
      return;
    }
    const pinned = this.pinned || null;
    const choice = layouts.chooseFocus({ layout: this.layout, tiles: this.tiles, speaking: view.speaking, pinned, heldSpeaker: this.heldSpeaker });
    this.heldSpeaker = choice.heldSpeaker;
    this.places = layouts.placeTiles(this.tiles, choice.focus, layouts.placeSelfView(this.selfView, view.participants.length));
  }

  protected override render() {
    const view = this.engineController.view;
    const strings = this.text;
    const alone = view.participants.length === 0 && (this.state === 'waiting' || this.state === 'connecting');
    const places = [...this.places.values()];
    const gridCount = places.filter((place) => place === 'grid').length + (alone ? 1 : 0);
    const corner = this.layouts?.validCorner(this.selfViewCorner) ?? 'bottom-end';
    const fullscreen = this.fullscreen;
    const fullscreenOn = fullscreen?.current;
    if (this.prejoinScreen?.shown)
      return html`<div class="call" part="base">${this.renderNews()} ${this.prejoinScreen.render(strings, ['camera', 'microphone', 'speaker'])}</div>`;
    const away = !!this.pip?.windowOpen;
    return html`
      <div class="call" part="base">
        ${this.renderNews()}
        ${away ? this.pip!.renderPlaceholder(strings) : nothing}
        <div class="grid" part="grid" ?hidden=${away} data-layout=${places.includes('focus') ? 'focus' : 'grid'} data-count=${Math.max(1, Math.min(gridCount, 4))}>
          ${places.includes('strip') ? html`<div class="filmstrip" part="filmstrip"></div>` : nothing}
          ${repeat(
            this.tiles,
            // The local tiles' identity outlives the engine (and the participant id a join may generate); '/' is in no id.
            (tile) => (tile.local ? `self/${tile.kind}` : tile.key),
            (tile) => {
              const { speaking, level } = this.liveStateOf(tile.local ? undefined : tile.participantId);
              const on = fullscreenOn instanceof HTMLElement && fullscreenOn.dataset.tile === tile.key;
              const extras = tile.participant && tile.kind === 'camera' ? this.renderHostActions(tile.participant) : nothing;
              const place = this.places.get(tile.key) ?? 'grid';
              const state = { place, pinned: this.pinned === tile.key, fullscreen: { available: fullscreen?.available === true, on } };
              const buttons = this.layouts && this.actions ? this.layouts.renderTileButtons(strings, tile, state, this.actions) : nothing;
              return renderTile(strings, tile, { place, corner, speaking, level, buttons, extras }, this.actions?.pin);
            },
          )}
          ${alone ? html`<div class="empty" part="empty"><slot name="empty">${strings.empty}</slot></div>` : nothing}
        </div>
        ${
          this.layouts && this.actions && this.inCall
            ? this.layouts.renderViewControls(
                strings,
                {
                  fullscreen: fullscreen?.available ? fullscreen.current?.classList.contains('call') === true : null,
                  selfHidden: this.selfView === 'hidden',
                  pictureInPicture: !!this.pip?.open,
                },
                this.actions,
              )
            : nothing
        }
        ${this.renderControls(['camera', 'microphone', 'speaker'])}
      </div>
    `;
  }

  /** Fetches the focus layouts once; their styles join the element's own. */
  private loadLayouts(): void {
    if (this.layoutsLoading) return;
    this.layoutsLoading = true;
    import('./layout.js').then(
      (layouts) => {
        this.layouts = layouts;
        this.fullscreen = new layouts.FullscreenController(this);
        this.actions = layouts.createLayoutActions(this, this.fullscreen);
        this.adoptLazyStyles(layouts.layoutStyles);
        this.requestUpdate();
      },
      // A failed fetch (offline, a CDN hiccup) leaves the grid, and the next render tries again.
      () => (this.layoutsLoading = false),
    );
  }

  /**
   * Every tile, in an order that never changes while they stay (the local camera, then the
   * others as they joined, then shared screens), so no render moves a `<video>`.
   */
  private buildTiles(): TileModel[] {
    const view = this.engineController.view;
    const localId = this.engine?.participantId ?? (this.participantId || 'local');
    const local: TileModel = {
      key: localId,
      participantId: localId,
      kind: 'camera',
      local: true,
      name: this.displayName || this.text.you,
      stream: view.localStream,
      audio: view.media.audio,
      video: view.media.video,
    };
    const remotes = view.participants.map((p): TileModel => ({
      key: p.id,
      participantId: p.id,
      kind: 'camera',
      local: false,
      participant: p,
      name: p.name || p.id,
      stream: view.remoteStreams.get(p.id) ?? null,
      audio: p.audio,
      video: p.video,
    }));
    return [local, ...remotes, ...this.screenTiles()];
  }

  /**
   * The screens others share, one tile each beside the sharer's camera (kind `screen`, key
   * `screen/<participant id>` as `pinned` documents it; tile-focus's `screenKey`, written out so
   * the page does not load the focus choice before a call), which `auto` brings into focus; its
   * video also plays the tab's or system's sound.
   */
  private screenTiles(): TileModel[] {
    const view = this.engineController.view;
    return [...view.remoteScreens].map(([participantId, stream]): TileModel => {
      const participant = view.participants.find((p) => p.id === participantId);
      return {
        key: `screen/${participantId}`,
        participantId,
        kind: 'screen',
        local: false,
        participant,
        name: participant?.name || participantId,
        stream,
        audio: true,
        video: true,
      };
    });
  }

  protected override readonly offersScreenShare = true;

  protected override readonly toggleVideo = () => this.engine?.setVideoEnabled(!this.engineController.view.media.video);
}
