import { expect } from '@open-wc/testing';
import type { LitElement, PropertyValues } from 'lit';
import { sleep } from './test-env.js';

/**
 * Watches the page's `<video>` and `<audio>` elements the way a person in the call would notice
 * trouble: how often each one is (re)loaded, whether its clock and its frames advance, and how
 * often the SDK re-sets what should be set once (`srcObject`, `muted`, the speaker). It counts
 * through the real elements' own setters, so nothing about the browser's behaviour changes.
 */

export interface MediaCounts {
  /** `srcObject` assignments, and the distinct streams among them. */
  srcObjectSets: number;
  streams: Set<MediaStream | MediaSource | Blob | null>;
  loadstarts: number;
  mutedSets: number;
  sinkIdSets: number;
}

export interface Playback {
  currentTime: number;
  readyState: number;
  paused: boolean;
}

type SinkCapable = HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };

/** Starts counting on every media element of the page; `stop()` puts the setters back. */
export function watchMediaElements() {
  const counts = new Map<HTMLMediaElement, MediaCounts>();
  const proto = HTMLMediaElement.prototype as SinkCapable;
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!;
  const muted = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'muted')!;
  const setSinkId = proto.setSinkId;

  const of = (element: HTMLMediaElement): MediaCounts => {
    let entry = counts.get(element);
    if (!entry) {
      entry = { srcObjectSets: 0, streams: new Set(), loadstarts: 0, mutedSets: 0, sinkIdSets: 0 };
      counts.set(element, entry);
      // Media events do not bubble out of a shadow root: listen on the element itself.
      element.addEventListener('loadstart', () => entry!.loadstarts++);
    }
    return entry;
  };

  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    ...srcObject,
    set(this: HTMLMediaElement, value: MediaStream | null) {
      const entry = of(this);
      entry.srcObjectSets++;
      entry.streams.add(value);
      srcObject.set!.call(this, value);
    },
  });
  Object.defineProperty(HTMLMediaElement.prototype, 'muted', {
    ...muted,
    set(this: HTMLMediaElement, value: boolean) {
      of(this).mutedSets++;
      muted.set!.call(this, value);
    },
  });
  if (setSinkId) {
    proto.setSinkId = function (this: HTMLMediaElement, id: string) {
      of(this).sinkIdSets++;
      return setSinkId.call(this, id);
    };
  }

  return {
    /** The counts of one element (zeros for one never touched since watching began). */
    of,
    stop() {
      Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', srcObject);
      Object.defineProperty(HTMLMediaElement.prototype, 'muted', muted);
      if (setSinkId) proto.setSinkId = setSinkId;
    },
  };
}

export type MediaWatch = ReturnType<typeof watchMediaElements>;

/** Where an element's playback is now. */
export function playbackOf(element: HTMLMediaElement): Playback {
  return { currentTime: element.currentTime, readyState: element.readyState, paused: element.paused };
}

/**
 * Counts the frames a video presents from now on, through requestVideoFrameCallback (Firefox's
 * getVideoPlaybackQuality() stays at 0 for a MediaStream, so only presented frames are a fair
 * count in both browsers). `stop()` returns the count.
 */
export function countFrames(video: HTMLVideoElement): { stop(): number } {
  let frames = 0;
  let handle = 0;
  let running = true;
  const onFrame = () => {
    frames++;
    if (running) handle = video.requestVideoFrameCallback(onFrame);
  };
  handle = video.requestVideoFrameCallback(onFrame);
  return {
    stop() {
      running = false;
      video.cancelVideoFrameCallback(handle);
      return frames;
    },
  };
}

/** Counts the element's renders from now on (Lit's `update()`, which commits the template). */
export function countRenders(element: LitElement): { readonly count: number } {
  const counter = { count: 0 };
  const update = (element as unknown as { update(changed: PropertyValues): void }).update;
  Object.defineProperty(element, 'update', {
    configurable: true,
    value(this: LitElement, changed: PropertyValues) {
      counter.count++;
      update.call(this, changed);
    },
  });
  return counter;
}

/**
 * Over `seconds` (spent in `during`, a plain wait by default): the element was loaded once per
 * stream it was given and never during the window, its clock kept pace with the wall clock,
 * video frames kept coming, and neither `muted` nor the speaker was set more than once.
 */
export async function expectSteadyPlayback(
  watch: MediaWatch,
  media: HTMLMediaElement,
  seconds: number,
  during: () => Promise<void> = () => sleep(seconds * 1000),
) {
  const before = playbackOf(media);
  const loadsBefore = watch.of(media).loadstarts;
  const frameCount = media instanceof HTMLVideoElement ? countFrames(media) : null;
  const started = performance.now();
  await during();
  const elapsed = (performance.now() - started) / 1000;
  const frames = frameCount?.stop() ?? null;
  const after = playbackOf(media);
  const counts = watch.of(media);
  const what = `${media.localName} over ${elapsed.toFixed(1)} s: ${JSON.stringify({ ...counts, streams: counts.streams.size, frames, before, after })}`;

  expect(counts.loadstarts - loadsBefore, `loads during the window, ${what}`).to.equal(0);
  expect(counts.loadstarts, `loads in all, ${what}`).to.be.at.most(counts.streams.size);
  expect(counts.srcObjectSets, `srcObject sets, ${what}`).to.equal(counts.streams.size);
  expect(counts.mutedSets, `muted sets, ${what}`).to.be.at.most(1);
  expect(counts.sinkIdSets, `speaker sets, ${what}`).to.be.at.most(1);
  expect(after.paused, what).to.equal(false);
  expect(after.currentTime - before.currentTime, `playback time, ${what}`).to.be.at.least(elapsed * 0.75);
  if (frames !== null) expect(frames, `frames shown, ${what}`).to.be.at.least(elapsed * 5);
}
