import { CallError } from '../errors.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import { AudioOutput } from './audio-output.js';
import { DEVICE_OF_TRACK, onlyKind, TRACK_KINDS, type TrackKind } from './device-kinds.js';
import { browserMediaDevices, listDevices, openTrack, trackConstraints, trackDeviceId, type DeviceList, type MediaDevicesLike } from './devices.js';
import { DEFAULT_DEVICE_MANAGER_OPTIONS, type DeviceManagerEvents, type DeviceManagerOptions, type DeviceSelection, type TrackSender } from './device-types.js';

export type { DeviceManagerEvents, DeviceManagerOptions, DeviceRecoveryEvent, DeviceSelection, TrackSender } from './device-types.js';
import { deviceLostError, toMediaError } from './media-errors.js';
import { deviceToRestore, emptySlot, replacementOrder, sentTrack, type TrackSlot } from './track-slot.js';

/**
 * Owns the local camera and microphone: opens them, swaps them mid-call without renegotiation,
 * follows devices being plugged and unplugged, and chooses the speaker. Every operation runs
 * one after another, so quick clicks never overlap getUserMedia calls or orphan tracks.
 */
export class DeviceManager {
  private readonly emitter = new Emitter<DeviceManagerEvents>();
  private readonly output = new AudioOutput((error) => this.emitError(error));
  private readonly choice: Omit<DeviceSelection, 'speaker'> = {};
  private readonly slots: Record<TrackKind, TrackSlot> = { audio: emptySlot(), video: emptySlot() };
  private localStream: MediaStream | null = null;
  private list: DeviceList = { cameras: [], microphones: [], speakers: [], labelled: false };
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped by stop(): an operation that outlives it releases what it opened. */
  private generation = 0;
  private sender: TrackSender | null = null;
  private watching = false;
  private changeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onDeviceChange = () => {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(
      () => void this.restoreDevices(),
      this.options.deviceChangeDebounceMs ?? DEFAULT_DEVICE_MANAGER_OPTIONS.deviceChangeDebounceMs,
    );
  };

  constructor(private readonly options: DeviceManagerOptions = {}) {}

  on<E extends keyof DeviceManagerEvents>(event: E, listener: DeviceManagerEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  /** The stream sent to the others: one object for the whole call, its tracks swapped in place. */
  get stream(): MediaStream | null {
    return this.localStream;
  }

  get selection(): DeviceSelection {
    return { ...this.choice, speaker: this.output.selected };
  }

  /** The devices as last listed. */
  get devices(): DeviceList {
    return this.list;
  }

  /** The device whose track is in use now, which may differ from the choice after a swap. */
  inUse(kind: TrackKind): string | undefined {
    return this.slots[kind].device ? this.slots[kind].deviceId : undefined;
  }

  /** The kinds the call sends, whether or not a device is working for each right now. */
  get sendKinds(): TrackKind[] {
    return TRACK_KINDS.filter((kind) => this.slots[kind].wanted);
  }

  enabled(kind: TrackKind): boolean {
    return this.slots[kind].enabled;
  }

  /**
   * Lists the devices, asking for permission first when the browser hides their names. During a
   * call only the kinds it sends are asked for: an audio-only call never opens a camera for a name.
   */
  enumerate(): Promise<DeviceList> {
    this.watch();
    return this.enqueue(async () => {
      const ask = this.localStream ? { audio: this.slots.audio.wanted, video: this.slots.video.wanted } : true;
      return this.setList(await listDevices(this.api(), ask));
    });
  }

  /** Opens what the call needs, or adopts a host's stream (whose tracks it never stops). */
  start(request: { audio: boolean; video: boolean }, hostStream?: MediaStream): Promise<MediaStream> {
    this.watch();
    // Taken now, not when the operation runs: a stop() in between cancels this start.
    const generation = this.generation;
    return this.enqueue(async () => {
      if (generation !== this.generation) throw new CallError('invalid_state', 'The devices were released before they were opened.');
      for (const kind of TRACK_KINDS) this.slots[kind].wanted = hostStream ? hostStream.getTracks().some((t) => t.kind === kind) : request[kind];
      let source = hostStream;
      if (!source && (request.audio || request.video)) {
        const constraints = {
          audio: request.audio && trackConstraints('audio', this.choice.microphone, 'ideal'),
          video: request.video && trackConstraints('video', this.choice.camera, 'ideal'),
        };
        try {
          source = await this.api().getUserMedia(constraints);
        } catch (error) {
          throw toMediaError(error, request);
        }
        if (generation !== this.generation) {
          source.getTracks().forEach((track) => track.stop());
          throw new CallError('invalid_state', 'The devices were released while they were being opened.');
        }
      }
      const stream = new MediaStream();
      this.localStream = stream;
      for (const track of source?.getTracks() ?? []) {
        this.install(track.kind as TrackKind, track, !hostStream);
        stream.addTrack(track);
      }
      this.emitter.emit('local-stream', stream);
      return stream;
    });
  }

  selectCamera(deviceId: string): Promise<void> {
    return this.select('video', deviceId);
  }

  selectMicrophone(deviceId: string): Promise<void> {
    return this.select('audio', deviceId);
  }

  /** Plays the call on this speaker (`setSinkId`); `media_output_unsupported` where it cannot. */
  selectSpeaker(deviceId: string): Promise<void> {
    return this.enqueue(async () => {
      await this.output.select(deviceId);
      this.emitter.emit('selection', this.selection);
    });
  }

  /** Makes a media element that plays the call follow the chosen speaker. */
  attachOutput(element: HTMLMediaElement): Unsubscribe {
    return this.output.attach(element);
  }

  /**
   * Sends a host's processed track (a blurred or virtual-background camera) instead of the
   * device's, or the device's again with null. The choice of device is untouched; the host
   * keeps ownership of its track.
   */
  setProcessedTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    return this.enqueue(async () => {
      const slot = this.slots[kind];
      const before = sentTrack(slot);
      slot.processed = track;
      if (track) {
        track.enabled = slot.enabled;
        track.addEventListener(
          'ended',
          () => {
            if (this.slots[kind].processed === track) void this.setProcessedTrack(kind, null);
          },
          { once: true },
        );
      }
      await this.replaceSent(kind, before, sentTrack(slot));
    });
  }

  setEnabled(kind: TrackKind, enabled: boolean): void {
    const slot = this.slots[kind];
    slot.enabled = enabled;
    for (const track of [slot.device, slot.processed]) if (track) track.enabled = enabled;
  }

  /** How the engine puts new tracks on its peer connections. */
  useSender(sender: TrackSender | null): void {
    this.sender = sender;
  }

  /** Releases the devices (the choices stay, for the next call). */
  stop(): void {
    this.generation++;
    for (const kind of TRACK_KINDS) {
      const slot = this.slots[kind];
      if (slot.device && slot.owned) slot.device.stop();
      this.slots[kind] = { ...emptySlot(), enabled: slot.enabled, ticket: slot.ticket };
    }
    if (this.localStream) {
      this.localStream = null;
      this.emitter.emit('local-stream', null);
    }
  }

  dispose(): void {
    this.stop();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    if (this.watching) this.api().removeEventListener?.('devicechange', this.onDeviceChange);
    this.watching = false;
    this.emitter.clear();
  }

  private api(): MediaDevicesLike {
    return this.options.mediaDevices ?? browserMediaDevices();
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    try {
      this.api().addEventListener?.('devicechange', this.onDeviceChange);
    } catch {
      // No media devices here at all: start() and enumerate() report it.
    }
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => {});
    return result;
  }

  private setList(list: DeviceList): DeviceList {
    this.list = list;
    this.emitter.emit('devices', list);
    return list;
  }

  private select(kind: TrackKind, deviceId: string): Promise<void> {
    const slot = this.slots[kind];
    const ticket = ++slot.ticket;
    return this.enqueue(async () => {
      if (ticket !== slot.ticket) return;
      const running = this.localStream && slot.wanted;
      if (running && !(slot.device?.readyState === 'live' && slot.deviceId === deviceId)) {
        const track = await this.openInstead(kind, deviceId);
        if (!track) return;
        await this.swap(kind, track);
      }
      this.choice[DEVICE_OF_TRACK[kind]] = deviceId;
      this.emitter.emit('selection', this.selection);
    });
  }

  /**
   * Opens the device to swap in. Some cameras (phones, some laptop drivers) open only one at a
   * time and refuse a second as "not readable": then the one in use is released first. If the
   * new one still fails, the old one is opened again; if that fails too, it is a lost device.
   */
  private async openInstead(kind: TrackKind, deviceId: string): Promise<MediaStreamTrack | null> {
    try {
      return await this.open(kind, deviceId);
    } catch (error) {
      const slot = this.slots[kind];
      const current = slot.device;
      if ((error as CallError).code !== 'media_not_readable' || !current || !slot.owned) throw error;
      const previousId = slot.deviceId;
      current.stop();
      try {
        return await this.open(kind, deviceId);
      } catch (second) {
        const back = previousId ? await this.open(kind, previousId).catch(() => null) : null;
        if (back) await this.swap(kind, back);
        else await this.recover(kind, current);
        throw second;
      }
    }
  }

  /** Opens a device; null when stop() came first (the track is released then). */
  private async open(kind: TrackKind, deviceId: string): Promise<MediaStreamTrack | null> {
    const generation = this.generation;
    const track = await openTrack(this.api(), kind, deviceId);
    if (generation === this.generation) return track;
    track.stop();
    return null;
  }

  private install(kind: TrackKind, track: MediaStreamTrack, owned: boolean): void {
    const slot = this.slots[kind];
    slot.device = track;
    slot.deviceId = trackDeviceId(track);
    slot.owned = owned;
    track.enabled = slot.enabled;
    // Unplugged, revoked, or the driver gave up: the browser ends the track.
    track.addEventListener(
      'ended',
      () => {
        if (this.slots[kind].device === track) void this.enqueue(() => this.recover(kind, track));
      },
      { once: true },
    );
  }

  /** Puts a device track (or none) in place of the current one and releases the old one. */
  private async swap(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    const slot = this.slots[kind];
    const old = slot.device;
    const oldOwned = slot.owned;
    const before = sentTrack(slot);
    if (track) this.install(kind, track, true);
    else Object.assign(slot, { device: null, deviceId: undefined });
    await this.replaceSent(kind, before, sentTrack(slot));
    // Stopped only once the new track is on the wire, so the others never see a gap.
    if (old && old !== track && oldOwned) old.stop();
  }

  private async replaceSent(kind: TrackKind, before: MediaStreamTrack | null, after: MediaStreamTrack | null): Promise<void> {
    const stream = this.localStream;
    if (!stream || before === after) return;
    if (before) stream.removeTrack(before);
    if (after) stream.addTrack(after);
    try {
      await this.sender?.(kind, after);
    } catch (error) {
      this.emitError(new CallError('media_failed', `Could not send the new ${DEVICE_OF_TRACK[kind]} to the call.`, { cause: error }));
    }
    this.emitter.emit('local-stream', stream);
  }

  /**
   * Soft recovery: the person's choice if it is still there, then any other device of the kind,
   * the one that failed last (a glitch, not an unplug, leaves it listed). Hard recovery when
   * none opens: the kind is stopped, the call goes on, and a typed error says what happened.
   */
  private async recover(kind: TrackKind, lost: MediaStreamTrack): Promise<void> {
    const slot = this.slots[kind];
    if (slot.device !== lost) return;
    const generation = this.generation;
    const lostId = slot.deviceId ?? null;
    const list = this.setList(await listDevices(this.api(), false).catch(() => this.list));
    const chosen = this.choice[DEVICE_OF_TRACK[kind]];
    let failure: CallError | null = null;
    for (const device of replacementOrder(list, DEVICE_OF_TRACK[kind], chosen, lostId)) {
      if (generation !== this.generation) return;
      try {
        const track = await this.open(kind, device.id);
        if (!track) return;
        await this.swap(kind, track);
        this.emitter.emit('device-recovery', { kind, action: 'switched', lostDeviceId: lostId, device });
        return;
      } catch (error) {
        failure = toMediaError(error, onlyKind(kind));
        if (failure.code === 'media_not_allowed') break;
      }
    }
    if (generation !== this.generation) return;
    await this.swap(kind, null);
    const error = failure?.code === 'media_not_allowed' ? failure : deviceLostError(kind);
    this.emitter.emit('device-recovery', { kind, action: 'stopped', lostDeviceId: lostId, device: null, code: error.code });
    this.emitError(error);
  }

  /** After `devicechange`: lists the devices again and restores one for a kind that has none, or the person's choice plugged back. */
  private restoreDevices(): Promise<void> {
    return this.enqueue(async () => {
      const list = this.setList(await listDevices(this.api(), false).catch(() => this.list));
      for (const kind of TRACK_KINDS) {
        const slot = this.slots[kind];
        if (!this.localStream || !slot.wanted) continue;
        const device = deviceToRestore(list, DEVICE_OF_TRACK[kind], this.choice[DEVICE_OF_TRACK[kind]], slot);
        if (!device) continue;
        try {
          const track = await this.open(kind, device.id);
          if (!track) return;
          await this.swap(kind, track);
          this.emitter.emit('device-recovery', { kind, action: 'restored', lostDeviceId: null, device });
        } catch (error) {
          this.emitError(toMediaError(error, onlyKind(kind)));
        }
      }
    });
  }

  private emitError(error: CallError): void {
    this.emitter.emit('error', error);
  }
}
