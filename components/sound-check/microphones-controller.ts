import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { listDevices, type DeviceInfo, type MediaDevicesLike } from '../../src/index.js';

/**
 * Keeps an element's list of microphones current: listed when it connects, again when devices
 * are plugged in or out, and when the device layer it is given changes. Lists without asking
 * permission; a failed listing keeps the previous one.
 */
export class MicrophonesController implements ReactiveController {
  microphones: DeviceInfo[] = [];
  /** The device layer whose devicechange is listened to, and the latest listing asked of it. */
  private watched: MediaDevicesLike | null = null;
  private listing = 0;

  /** `devices()` is the layer to watch now (null where there is none, e.g. not a secure context). */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly devices: () => MediaDevicesLike | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.watch(this.devices());
  }

  hostDisconnected(): void {
    this.watch(null);
  }

  /** Before each update: a host given another device layer watches that one instead. */
  hostUpdate(): void {
    if (this.host.isConnected) this.watch(this.devices());
  }

  /** Lists again now: after a microphone was opened (labels appear) or failed to open. */
  async list(devices: MediaDevicesLike): Promise<void> {
    const listing = ++this.listing;
    try {
      const { microphones } = await listDevices(devices, false);
      if (listing !== this.listing) return;
      this.microphones = microphones;
      this.host.requestUpdate();
    } catch {
      // A failed listing keeps the previous one; a test itself reports device errors.
    }
  }

  private watch(devices: MediaDevicesLike | null): void {
    if (devices === this.watched) return;
    this.watched?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.watched = devices;
    devices?.addEventListener?.('devicechange', this.onDeviceChange);
    if (devices) void this.list(devices);
  }

  private onDeviceChange = () => {
    if (this.watched) void this.list(this.watched);
  };
}
