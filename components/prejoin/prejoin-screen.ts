import { html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import { live } from 'lit/directives/live.js';
import { canChooseSpeaker, SILENCE_DB, type CallEngine, type CallState, type DeviceKind, type MediaDevicesLike } from '../../src/index.js';
import { LifelinePrejoinEvent, type PrejoinChoices } from '../events/prejoin-event.js';
import { toggle } from '../shared/call-controls.js';
import { pickerKinds, renderDevicePickers } from '../shared/device-pickers.js';
import { renderLevelMeter } from '../shared/level-meter.js';
import { mediaStream } from '../shared/media-stream.js';
import { formatDb } from '../sound-check/sound-check-result.js';
import { errorText } from '../strings/resolve-strings.js';
import type { BrowserFamily, LifelineStrings } from '../strings/strings.js';
import { PrejoinMedia } from './prejoin-media.js';

/** What the screen needs of its call element (CallElement has all of it). */
export interface PrejoinHost extends ReactiveElement {
  readonly prejoin: boolean;
  readonly noDevicePickers: boolean;
  displayName: string;
  readonly state: CallState;
  readonly mediaDevices: MediaDevicesLike | null;
  join(): Promise<void>;
}

/** The most a name may be: the server keeps no more (the core's MAX_NAME_CHARS). */
const MAX_NAME_LENGTH = 256;

/** Before a call or after one: the only states the screen shows in. */
const outOfCall = (state: CallState) => state === 'idle' || state === 'ended';

/** Whose settings the help names; null where the browser is none of those (the core's general words then). */
export function browserFamily(userAgent = globalThis.navigator?.userAgent ?? ''): BrowserFamily | null {
  if (/Firefox\/|FxiOS\//.test(userAgent)) return 'firefox';
  if (/Chrom(e|ium)\/|Edg\//.test(userAgent)) return 'chromium';
  if (/Safari\//.test(userAgent)) return 'safari';
  return null;
}

/**
 * The pre-join screen of a call element: open before its first join, closed by a join (the
 * Join button, or the host's own `join()`), and opened again after a call only by the person
 * (Join again), so a camera they just hung up on never turns on by itself.
 */
export class PrejoinScreen implements ReactiveController {
  readonly media: PrejoinMedia;
  private open: boolean;
  private name = '';

  constructor(
    private readonly host: PrejoinHost,
    camera: boolean,
  ) {
    this.media = new PrejoinMedia(host, camera, () => host.mediaDevices);
    this.open = host.state === 'idle';
    host.addController(this);
  }

  /** Whether the element shows the screen instead of the call. */
  get shown(): boolean {
    return this.open && this.host.prejoin && outOfCall(this.host.state);
  }

  hostConnected(): void {
    // Back on the page: the next update opens the preview again.
    if (this.shown) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.media.close();
  }

  hostUpdate(): void {
    // The host's engine joined by itself, or `prejoin` went: the preview lets the devices go.
    if (this.open && !this.shown) this.close();
    if (!this.shown || !this.host.isConnected) return;
    if (!this.media.opened) this.media.open();
  }

  /** The choices on the screen now. */
  choices(): PrejoinChoices {
    const { audio, video } = this.media;
    const devices = this.media.pickerView.deviceInUse;
    const chosen = { camera: devices.camera, microphone: devices.microphone, speaker: devices.speaker };
    return { displayName: this.name.trim() || this.host.displayName, audio, video: this.media.camera && video, devices: chosen };
  }

  /**
   * Closes the screen for a join and returns its choices (null when it was not open). The
   * preview's tracks are stopped here, not handed to the engine: an engine adopts a host's
   * stream as the host's (`localStream`), never stopping its tracks nor swapping them for a
   * picked device, and a camera switched off here would be missing from the whole call. The
   * engine opens the same devices again at once, and the permission the preview was given
   * means no second prompt.
   */
  close(): PrejoinChoices | null {
    if (!this.open) return null;
    const choices = this.choices();
    this.open = false;
    this.media.close();
    this.host.requestUpdate();
    return choices;
  }

  /** Puts the choices on the engine before it joins: media on or off, and the devices it opens. */
  async apply(engine: CallEngine, { audio, video, devices }: PrejoinChoices): Promise<void> {
    engine.setAudioEnabled(audio);
    if (this.media.camera) engine.setVideoEnabled(video);
    // Out of a call the device manager records a choice, and the join opens it.
    if (devices.camera) await engine.devices.selectCamera(devices.camera);
    if (devices.microphone) await engine.devices.selectMicrophone(devices.microphone);
    // A speaker that cannot be chosen after all leaves the call on the default one.
    if (devices.speaker && canChooseSpeaker()) await engine.devices.selectSpeaker(devices.speaker).catch(() => {});
  }

  /** The Join button: the host may hold the join (`lifeline-prejoin` cancelled) and join later. */
  private readonly onJoin = () => {
    if (!this.host.dispatchEvent(new LifelinePrejoinEvent(this.choices()))) return;
    this.host.join().catch(() => {});
  };

  private readonly onName = (event: Event) => {
    this.name = (event.target as HTMLInputElement).value;
  };

  private readonly onNameKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') this.onJoin();
  };

  private readonly reopen = () => {
    this.open = true;
    this.host.requestUpdate();
  };

  /** After a call: the button that opens the screen again (part `rejoin-button`). */
  renderRejoin(strings: LifelineStrings) {
    if (this.open || !this.host.prejoin || this.host.state !== 'ended') return nothing;
    return html`<button class="rejoin" part="rejoin-button" @click=${this.reopen}>${strings.prejoin.rejoin}</button>`;
  }

  render(strings: LifelineStrings, kinds: DeviceKind[]) {
    const { media } = this;
    const { prejoin, controls } = strings;
    const view = media.pickerView;
    const levelText = media.level <= SILENCE_DB ? strings.soundCheck.noSound : formatDb(media.level);
    const pickers = this.host.noDevicePickers ? [] : pickerKinds(kinds, view);
    return html`
      <section class="prejoin" part="prejoin" aria-label=${prejoin.label}>
        ${media.camera ? this.renderPreview(strings) : nothing}
        ${media.error ? this.renderHelp(strings) : nothing}
        ${
          this.host.displayName
            ? nothing
            : html`<label class="prejoin-field">
                <span>${prejoin.name}</span>
                <input part="prejoin-name" autocomplete="name" maxlength=${MAX_NAME_LENGTH} .value=${live(this.name)} @input=${this.onName} @keydown=${this.onNameKey} />
              </label>`
        }
        <div class="prejoin-row">
          ${toggle('prejoin-microphone-button', controls.mute, 'microphone', !media.audio, false, () => media.toggle('audio'))}
          ${media.camera ? toggle('prejoin-camera-button', controls.camera, 'camera', !media.video, false, () => media.toggle('video')) : nothing}
          <div class="prejoin-level">${renderLevelMeter('prejoin-level', strings.soundCheck.meter, media.level, levelText)}</div>
        </div>
        <div class="prejoin-row">${renderDevicePickers(pickers, view, (kind, id) => media.pick(kind, id), strings)}</div>
        <button class="join" part="join-button" @click=${this.onJoin}>${prejoin.join}</button>
      </section>
    `;
  }

  /** The mirrored camera preview, or the words "camera off" where it is off or not open yet. */
  private renderPreview(strings: LifelineStrings) {
    const { stream, video } = this.media;
    const playing = video && !!stream?.getVideoTracks().length;
    return html`<div class="prejoin-stage">
      ${
        playing
          ? html`<video part="prejoin-preview" .muted=${true} autoplay playsinline ${mediaStream(stream)} aria-label=${strings.yourCamera}></video>`
          : html`<span part="prejoin-camera-off">${strings.cameraOff}</span>`
      }
    </div>`;
  }

  /** What went wrong, and where this browser keeps the setting when it blocked the devices. */
  private renderHelp(strings: LifelineStrings) {
    const error = this.media.error!;
    const family = browserFamily();
    const text = error.code === 'media_not_allowed' && family ? strings.prejoin.blocked[family] : errorText(strings, error);
    return html`<div class="prejoin-help" part="prejoin-help" role="alert">
      <p>${text}</p>
      <button part="prejoin-retry" @click=${() => this.media.open()}>${strings.prejoin.retry}</button>
    </div>`;
  }
}
