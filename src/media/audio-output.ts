import { CallError } from '../errors.js';
import type { Unsubscribe } from '../emitter.js';

type SinkElement = HTMLMediaElement & { setSinkId(id: string): Promise<void>; sinkId?: string };

/** Whether this browser can send a media element's sound to a chosen speaker. */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/**
 * The chosen speaker and the media elements that play the call. Elements register their
 * <audio>/<video>; every one of them follows the choice, including ones added later.
 */
export class AudioOutput {
  private speakerId: string | undefined;
  private readonly elements = new Set<SinkElement>();

  constructor(private readonly emitError: (error: CallError) => void) {}

  get selected(): string | undefined {
    return this.speakerId;
  }

  /** Plays every attached element on `deviceId`; rejects where the browser cannot choose. */
  async select(deviceId: string): Promise<void> {
    if (!canChooseSpeaker()) {
      throw new CallError('media_output_unsupported', "This browser cannot choose a speaker. Use your system's sound settings instead.");
    }
    const elements = [...this.elements];
    try {
      await Promise.all(elements.map((element) => element.setSinkId(deviceId)));
    } catch (error) {
      // Put back the speaker the elements were on, so they never play on different ones.
      if (this.speakerId !== undefined) await Promise.allSettled(elements.map((element) => element.setSinkId(this.speakerId!)));
      const name = (error as { name?: string })?.name;
      const code = name === 'NotAllowedError' ? 'media_not_allowed' : 'media_not_found';
      throw new CallError(
        code,
        code === 'media_not_allowed'
          ? "This page may not choose the speaker. Allow it in the browser's site settings."
          : 'That speaker is no longer available. Choose another one.',
        { cause: error },
      );
    }
    this.speakerId = deviceId;
  }

  /** Makes an element follow the chosen speaker; returns the function that lets it go. */
  attach(element: HTMLMediaElement): Unsubscribe {
    const sink = element as SinkElement;
    this.elements.add(sink);
    if (this.speakerId !== undefined && canChooseSpeaker() && sink.sinkId !== this.speakerId) {
      sink
        .setSinkId(this.speakerId)
        .catch((error: unknown) =>
          this.emitError(new CallError('media_not_found', 'The chosen speaker is no longer available; sound plays on the default one.', { cause: error })),
        );
    }
    return () => {
      this.elements.delete(sink);
    };
  }
}
