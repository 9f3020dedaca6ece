import type { MediaDevicesLike } from '../../src/media/devices.js';

// A device layer of virtual cameras (canvas) and microphones (WebAudio) that a test can plug
// and unplug. Its tracks are real MediaStreamTracks that flow through real peer connections;
// only the hardware is virtual, because a browser cannot unplug its fake devices. Unplugging
// ends the device's tracks as the browser does: readyState "ended", then an "ended" event.
// Firefox delivers a script's own "ended" event to `onended` only, not to listeners, so there
// each track comes through a media element's capture, which Firefox itself ends (a real event)
// when the element loses its source. Chromium has no such capture ending, but takes the event.

interface VirtualDevice {
  id: string;
  kind: 'videoinput' | 'audioinput';
  label: string;
  /** Microphones: a 440 Hz tone, or digital silence. */
  silent: boolean;
}

export interface VirtualDevicesOptions {
  /** Like Firefox before permission: no labels, no ids until a getUserMedia succeeds. */
  hideLabelsUntilGranted?: boolean;
  /** Like many phones: a second camera cannot open while one is live (NotReadableError). */
  oneCameraAtATime?: boolean;
}

function rejectAs(name: string, message: string): never {
  throw new DOMException(message, name);
}

function requestedId(constraint: boolean | MediaTrackConstraints | undefined): { id?: string; exact: boolean } {
  if (!constraint || constraint === true || constraint.deviceId === undefined) return { exact: false };
  const value = constraint.deviceId;
  if (typeof value === 'string') return { id: value, exact: false };
  if (Array.isArray(value)) return { id: value[0], exact: false };
  const { exact, ideal } = value as ConstrainDOMStringParameters;
  if (exact !== undefined) return { id: Array.isArray(exact) ? exact[0] : exact, exact: true };
  return { id: Array.isArray(ideal) ? ideal[0] : ideal, exact: false };
}

export class VirtualDevices implements MediaDevicesLike {
  /** When set, every getUserMedia is refused as a person clicking "Block" would. */
  deny = false;
  /** Every getUserMedia call, for tests that count overlapping opens. */
  readonly requests: MediaStreamConstraints[] = [];
  /** The most getUserMedia calls that were ever running at once. */
  maxConcurrentRequests = 0;
  private running = 0;
  private devices: VirtualDevice[] = [];
  private readonly tracks: { deviceId: string; track: MediaStreamTrack; stop: () => void; endsByItself: boolean }[] = [];
  private readonly listeners = new Set<() => void>();
  private granted = false;
  private readonly broken = new Set<string>();
  private audio: AudioContext | null = null;
  private count = 0;

  constructor(private readonly options: VirtualDevicesOptions = {}) {}

  /** Plugs in a camera; pass the id of an unplugged one to plug it back (browsers keep ids). */
  addCamera(label = `Virtual camera ${this.count + 1}`, id = `vcam-${++this.count}`): string {
    return this.add({ id, kind: 'videoinput', label, silent: false });
  }

  addMicrophone(label = `Virtual microphone ${this.count + 1}`, silent = false, id = `vmic-${++this.count}`): string {
    return this.add({ id, kind: 'audioinput', label, silent });
  }

  /** The device goes away: listed no more, its tracks end, and `devicechange` fires. */
  unplug(id: string): void {
    this.devices = this.devices.filter((d) => d.id !== id);
    for (const entry of this.tracks.filter((t) => t.deviceId === id)) {
      const real = entry.endsByItself;
      entry.stop();
      if (!real) entry.track.dispatchEvent(new Event('ended'));
    }
    this.changed();
  }

  /** The device stays listed but every open of it fails, as a camera held by another app does. */
  breakDevice(id: string): void {
    this.broken.add(id);
  }

  /** Tracks opened from these devices that are still live. */
  liveTracks(kind?: 'audio' | 'video'): MediaStreamTrack[] {
    return this.tracks.map((t) => t.track).filter((t) => t.readyState === 'live' && (!kind || t.kind === kind));
  }

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    const hidden = this.options.hideLabelsUntilGranted && !this.granted;
    return this.devices.map((d) => {
      const info = { deviceId: hidden ? '' : d.id, kind: d.kind, label: hidden ? '' : d.label, groupId: hidden ? '' : d.id };
      return { ...info, toJSON: () => info } as MediaDeviceInfo;
    });
  }

  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    this.maxConcurrentRequests = Math.max(this.maxConcurrentRequests, ++this.running);
    try {
      // Like a browser: the answer comes a little later, so overlapping calls would interleave.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return await this.grant(constraints);
    } finally {
      this.running--;
    }
  }

  private async grant(constraints: MediaStreamConstraints): Promise<MediaStream> {
    if (this.deny) rejectAs('NotAllowedError', 'Permission denied');
    const stream = new MediaStream();
    const opened: MediaStreamTrack[] = [];
    try {
      if (constraints.audio) opened.push(await this.open('audioinput', constraints.audio));
      if (constraints.video) opened.push(await this.open('videoinput', constraints.video));
    } catch (error) {
      opened.forEach((t) => t.stop());
      throw error;
    }
    opened.forEach((t) => stream.addTrack(t));
    this.granted = true;
    return stream;
  }

  addEventListener(_type: 'devicechange', listener: () => void): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'devicechange', listener: () => void): void {
    this.listeners.delete(listener);
  }

  dispose(): void {
    this.tracks.forEach((t) => t.stop());
    void this.audio?.close();
    this.audio = null;
  }

  private add(device: VirtualDevice): string {
    this.devices.push(device);
    this.changed();
    return device.id;
  }

  private changed(): void {
    // Real browsers fire devicechange several times per plug; twice exercises the debounce.
    for (let i = 0; i < 2; i++) setTimeout(() => this.listeners.forEach((l) => l()), i * 50);
  }

  private async open(kind: VirtualDevice['kind'], constraint: boolean | MediaTrackConstraints): Promise<MediaStreamTrack> {
    if (kind === 'videoinput' && this.options.oneCameraAtATime && this.liveTracks('video').length > 0) {
      rejectAs('NotReadableError', 'Could not start video source');
    }
    const candidates = this.devices.filter((d) => d.kind === kind);
    const { id, exact } = requestedId(constraint);
    const device = candidates.find((d) => d.id === id) ?? (exact ? undefined : candidates[0]);
    if (!device) {
      if (exact) throw Object.assign(new Error('No device with that id'), { name: 'OverconstrainedError', constraint: 'deviceId' });
      rejectAs('NotFoundError', 'Requested device not found');
    }
    if (this.broken.has(device.id)) rejectAs('NotReadableError', 'Could not start source');
    const source = kind === 'videoinput' ? this.cameraTrack(device) : this.microphoneTrack(device);
    const { track, stop, endsByItself } = await throughMediaElement(source);
    // Real device tracks report their device; so do these.
    const settings = track.getSettings.bind(track);
    track.getSettings = () => ({ ...settings(), deviceId: device.id });
    this.tracks.push({ deviceId: device.id, track, stop, endsByItself });
    return track;
  }

  private cameraTrack(device: VirtualDevice): { track: MediaStreamTrack; stop: () => void } {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext('2d')!;
    let frame = 0;
    const draw = () => {
      context.fillStyle = `hsl(${(frame++ * 7) % 360} 70% 50%)`;
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.fillStyle = '#fff';
      context.fillText(device.label, 10, 20 + (frame % 200));
    };
    draw();
    const timer = setInterval(draw, 40);
    const track = canvas.captureStream(25).getVideoTracks()[0]!;
    return { track, stop: () => (clearInterval(timer), track.stop()) };
  }

  private microphoneTrack(device: VirtualDevice): { track: MediaStreamTrack; stop: () => void } {
    const audio = (this.audio ??= new AudioContext());
    void audio.resume();
    const destination = audio.createMediaStreamDestination();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 440;
    gain.gain.value = device.silent ? 0 : 0.5;
    oscillator.connect(gain).connect(destination);
    oscillator.start();
    const track = destination.stream.getAudioTracks()[0]!;
    return { track, stop: () => (oscillator.stop(), oscillator.disconnect(), track.stop()) };
  }
}

type Captured = HTMLMediaElement & { mozCaptureStream(): MediaStream };

/** In Firefox: the track as captured from a media element playing it, so it can end for real. */
async function throughMediaElement(source: { track: MediaStreamTrack; stop: () => void }) {
  if (!('mozCaptureStream' in HTMLMediaElement.prototype)) return { ...source, endsByItself: false };
  const element = document.createElement(source.track.kind === 'video' ? 'video' : 'audio') as Captured;
  element.srcObject = new MediaStream([source.track]);
  await element.play();
  const captured = element.mozCaptureStream();
  const deadline = performance.now() + 2000;
  while (!captured.getTracks()[0] && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const track = captured.getTracks()[0];
  if (!track) throw new Error('The virtual device could not be captured');
  const stop = () => {
    source.stop();
    // The element losing its source is what makes Firefox end the captured track.
    element.srcObject = null;
  };
  return { track, stop, endsByItself: true };
}

/** Makes device layers for the tests of a suite and disposes them all after each test. */
export class VirtualDevicesFactory {
  private readonly layers: VirtualDevices[] = [];

  create(options: VirtualDevicesOptions = {}): VirtualDevices {
    const layer = new VirtualDevices(options);
    this.layers.push(layer);
    return layer;
  }

  disposeAll(): void {
    for (const layer of this.layers.splice(0)) layer.dispose();
  }
}
