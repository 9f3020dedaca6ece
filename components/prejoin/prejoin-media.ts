import type { ReactiveControllerHost } from 'lit';
import {
  DeviceManager,
  SILENCE_DB,
  SoundMeter,
  toMediaError,
  type CallError,
  type DeviceKind,
  type DeviceSelection,
  type MediaDevicesLike,
} from '../../src/index.js';
import type { PickerView } from '../shared/device-pickers.js';

/**
 * The pre-join screen's camera and microphone: a DeviceManager of its own (the one a call
 * uses, so opening, picking and listing behave as in the call), a SoundMeter on the
 * microphone, and the on/off toggles. A toggle that turns a device off releases it, so the
 * camera light goes out, as people expect of a camera they switched off.
 */
export class PrejoinMedia {
  audio = true;
  video: boolean;
  level = SILENCE_DB;
  /** Why the preview has no camera or microphone (media_not_allowed: the browser blocked them). */
  error: CallError | null = null;
  stream: MediaStream | null = null;
  private manager: DeviceManager | null = null;
  private meter: SoundMeter | null = null;
  private metered: MediaStreamTrack | null = null;
  /** The devices last in use: a device switched off is still the one the call opens when it is turned on. */
  private lastInUse: { camera?: string; microphone?: string } = {};

  /** `camera`: whether the element's calls have one (not in <voice-call>). */
  constructor(
    private readonly host: ReactiveControllerHost,
    readonly camera: boolean,
    private readonly devices: () => MediaDevicesLike | null,
  ) {
    this.video = camera;
  }

  get opened(): boolean {
    return this.manager !== null;
  }

  /** The pickers' view: the devices as listed and, per kind, the one in use or chosen. */
  get pickerView(): PickerView {
    const manager = this.manager;
    if (!manager) return { devices: { cameras: [], microphones: [], speakers: [], labelled: false }, deviceInUse: {} };
    const { selection } = manager;
    const camera = manager.inUse('video') ?? selection.camera ?? this.lastInUse.camera;
    const microphone = manager.inUse('audio') ?? selection.microphone ?? this.lastInUse.microphone;
    this.lastInUse = { camera, microphone };
    return { devices: manager.devices, deviceInUse: { camera, microphone, speaker: selection.speaker } };
  }

  /** Opens what the toggles ask for; again after a toggle or a "try again". */
  open(): void {
    if (!this.manager) {
      const manager = (this.manager = new DeviceManager({ mediaDevices: this.devices() ?? undefined }));
      manager.on('local-stream', (stream) => this.follow(stream));
      manager.on('devices', () => this.host.requestUpdate());
      manager.on('error', (error) => this.fail(error));
    }
    const manager = this.manager;
    manager.stop();
    this.error = null;
    manager.start({ audio: this.audio, video: this.video }).then(
      // Listed once opened: the labels are there then, and only the kinds opened are asked for.
      () => manager.enumerate().catch(() => {}),
      (error: unknown) => {
        if (manager === this.manager) this.fail(toMediaError(error, { audio: this.audio, video: this.video }));
      },
    );
    this.host.requestUpdate();
  }

  toggle(kind: 'audio' | 'video'): void {
    this[kind] = !this[kind];
    this.open();
  }

  pick(kind: DeviceKind, deviceId: string): void {
    const manager = this.manager;
    if (!manager) return;
    const picked =
      kind === 'camera' ? manager.selectCamera(deviceId) : kind === 'microphone' ? manager.selectMicrophone(deviceId) : manager.selectSpeaker(deviceId);
    picked.then(
      () => this.host.requestUpdate(),
      (error: unknown) => this.fail(toMediaError(error)),
    );
  }

  /** Releases the camera and microphone; returns the devices chosen (or opened by default). */
  close(): DeviceSelection {
    const manager = this.manager;
    const { deviceInUse } = this.pickerView;
    this.manager = null;
    manager?.dispose();
    this.follow(null);
    return { camera: deviceInUse.camera, microphone: deviceInUse.microphone, speaker: deviceInUse.speaker };
  }

  private fail(error: CallError): void {
    this.error = error;
    this.host.requestUpdate();
  }

  /** The preview plays the manager's stream; the meter follows its microphone track. */
  private follow(stream: MediaStream | null): void {
    this.stream = stream;
    const track = stream?.getAudioTracks()[0] ?? null;
    if (track !== this.metered) {
      this.meter?.dispose();
      this.meter = null;
      this.level = SILENCE_DB;
      this.metered = track;
      if (track) {
        this.meter = new SoundMeter(new MediaStream([track]));
        this.meter.on('level', (level) => {
          this.level = level;
          this.host.requestUpdate();
        });
      }
    }
    this.host.requestUpdate();
  }
}
