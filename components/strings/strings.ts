import type { CallErrorCode, CallState, DeviceKind, QualityLevel, RecoveryReason, RecoveryStep } from '../../src/index.js';
import type { RecordingState } from '../events/recording-event.js';
import type { IceProbeState } from '../events/ice-probe-event.js';
import type { SoundCheckOutcome } from '../events/sound-check-event.js';

/**
 * A text with `{name}` placeholders, or one text per plural category of `Intl.PluralRules`
 * (`other` is required) when it counts something.
 */
export type Text = string;
export type PluralText = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

/**
 * Where the recovery banner's sentence comes from: the step, or `step:reason` for the steps
 * whose reason changes what a person should do.
 */
export type RecoveryText = RecoveryStep | `${'waiting-for-network' | 'ended'}:${RecoveryReason}`;

/**
 * Every text the Lifeline elements show or announce. A host replaces any part of it through an
 * element's `strings` property (a `StringsOverride`). The core gives codes and data; only
 * `errors` defaults to the core's English (a CallError's `message`), so the built-in English
 * table leaves it out.
 */
export interface LifelineStrings {
  /** The status line of `<video-call>` and `<voice-call>`. */
  status: Record<CallState, Text>;
  /** The status line when the call ended or failed with an error: `{status}` and `{error}`. */
  statusWithError: Text;
  /** Announced (live region) as people come and go: `{name}`. */
  joined: Text;
  left: Text;
  /** The local participant's own tile or row when it has no display name. */
  you: Text;
  /** Accessible names: the local camera, a remote video (`{name}`), the list of people. */
  yourCamera: Text;
  videoOf: Text;
  /** The accessible name of a shared screen's video (`{name}`: who shares it). */
  screenOf: Text;
  people: Text;
  /** Shown in the empty grid while nobody else is in the room (slot `empty` replaces it). */
  empty: Text;
  muted: Text;
  cameraOff: Text;
  speaking: Text;
  quality: Record<Exclude<QualityLevel, 'good'>, Text>;
  /**
   * The tiles' layout controls. A tile's pin toggle shows `pin` and is named `pinName`
   * (`{name}`) or `pinSelf`; the fullscreen buttons show `fullscreen`, a focused tile's is named
   * `fullscreenOf` (`{name}`); `moveSelfView` names the floating self-view's `move` button;
   * `view` names the group of the element's fullscreen and self-view toggles.
   */
  layout: {
    view: Text;
    pin: Text;
    pinName: Text;
    pinSelf: Text;
    fullscreen: Text;
    fullscreenOf: Text;
    hideSelfView: Text;
    move: Text;
    moveSelfView: Text;
  };
  /**
   * Picture-in-picture (`<video-call>`): `button` names the view toggle (and its tooltip), `title`
   * is the always-on-top window's title, `moved` the element's sentence while the call is in that
   * window, and `back` names its button that brings the call back.
   */
  pictureInPicture: { button: Text; title: Text; moved: Text; back: Text };
  /**
   * The control bar's buttons (their accessible names and tooltips); the toggles keep their
   * names, as `aria-pressed` carries their state. `more` names the narrow bar's overflow menu.
   */
  controls: { label: Text; mute: Text; camera: Text; shareScreen: Text; record: Text; hangUp: Text; more: Text };
  /** The device pickers' labels, and their placeholder when none is found. */
  pickers: Record<DeviceKind, Text>;
  noDevice: Record<DeviceKind, Text>;
  /**
   * The pre-join screen: its name, the name field, Join, the button that opens it again after a
   * call, and where each browser keeps the setting when it blocked the camera or microphone.
   */
  prejoin: { label: Text; name: Text; join: Text; rejoin: Text; retry: Text; blocked: Record<BrowserFamily, Text> };
  /** The incoming-call prompt: `{name}`. */
  incoming: { prompt: Text; accept: Text; decline: Text };
  /**
   * The waiting room and a host's controls: a knock (`{name}`), its buttons, the per-person
   * actions (`{name}`), the room's lock and end, the notice after a host's mute request
   * (`{name}`), and the status line after a host ended the call.
   */
  host: {
    knock: Text;
    admit: Text;
    deny: Text;
    controls: Text;
    askToMute: Text;
    remove: Text;
    lock: Text;
    endForEveryone: Text;
    mutedBy: Text;
    endedByHost: Text;
  };
  /** While waiting for the network: `{seconds}`. */
  stillTrying: Text;
  /** Device news: `{device}` (from `devices`) and `{label}`, the device now in use. */
  deviceSwitched: Text;
  deviceRestored: Text;
  /** None of its kind is left (`media_device_lost`); by kind, as what the others miss differs. */
  deviceLost: Record<Exclude<DeviceKind, 'speaker'>, Text>;
  /** Access was taken away mid-call (`media_not_allowed`), so nothing could replace it: `{device}`. */
  deviceBlocked: Text;
  devices: Record<DeviceKind, Text>;
  dismissNotice: Text;
  dismiss: Text;
  recording: Record<RecordingState, Text> & {
    offline: Text;
    /** `{count}` parts, `{megabytes}` MB. */
    waiting: PluralText;
  };
  /**
   * The recovery banner, by step (`suspect` is never shown there, but a host's own UI may say it),
   * and by `step:reason` where a reason changes what a person should do.
   */
  recovery: Record<RecoveryStep, Text> & Partial<Record<RecoveryText, Text>>;
  /** What a person reads for an error, by code; the CallError's English message for anything left out. */
  errors: Partial<Record<CallErrorCode, Text>>;
  soundCheck: {
    microphone: Text;
    defaultMicrophone: Text;
    meter: Text;
    noSound: Text;
    /** `{level}`, `{peak}` and `{needed}` are levels in dB. */
    reading: Text;
    peak: Text;
    notListening: Text;
    noPeakYet: Text;
    listening: Text;
    /** The verdict when the microphone could be heard: `{peak}`. Other outcomes say their error. */
    result: Record<Extract<SoundCheckOutcome, 'pass' | 'too-quiet'>, Text>;
    start: Partial<Record<'idle' | 'testing', Text>> & { again: Text };
    stop: Text;
  };
  iceProbe: {
    status: Partial<Record<IceProbeState, Text>>;
    caption: Text;
    columns: { server: Text; kind: Text; result: Text; time: Text; candidates: Text; details: Text };
    reachable: Text;
    unreachable: Text;
    none: Text;
    noNat: Text;
    /** By the number of servers, `{count}`. */
    allReachable: PluralText;
    /** `{failed}` of `{count}`, by the number failing. */
    someUnreachable: PluralText;
    oneUnreachable: Text;
    noServers: Text;
    run: Partial<Record<'idle' | 'probing', Text>> & { again: Text };
    copyText: Text;
    copyJson: Text;
    copiedText: Text;
    copiedJson: Text;
    copyFailed: Text;
  };
}

/** The browsers whose settings the pre-join screen's help names (Edge, Opera and the like are Chromium). */
export type BrowserFamily = 'chromium' | 'firefox' | 'safari';

/** A translation that leaves nothing to the core's English: a text for every error code. */
export type CompleteStrings = LifelineStrings & { errors: Record<CallErrorCode, Text> };

/** Any part of the table, at any depth. */
export type StringsOverride = DeepPartial<LifelineStrings>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? T[K] : DeepPartial<T[K]> };

/** Fills `{name}` placeholders; a placeholder with no value is left as it is. */
export function fill(text: Text, values: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** The text for `count` in the language of `lang` (a BCP 47 tag; the page's when empty). */
export function plural(text: PluralText, count: number, lang: string, values: Record<string, string | number> = {}): string {
  let category: Intl.LDMLPluralRule = 'other';
  try {
    category = new Intl.PluralRules(lang || undefined).select(count);
  } catch {
    // An unknown language tag: the `other` form still reads.
  }
  return fill(text[category] ?? text.other, { count, ...values });
}

/** The table an element uses: English, with the host's override on top at every depth. */
export function withOverride<T extends object>(base: T, override: DeepPartial<T> | null | undefined): T {
  return override ? (merge(base, override) as T) : base;
}

function merge(base: object, override: object): object {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isGroup(value) && isGroup(current) ? merge(current, value) : value;
  }
  return merged;
}

const isGroup = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** The language a text about `element` is in: the nearest `lang` attribute, else the page's. */
export function langOf(element: Element): string {
  return pageLangOf(element) || navigator.language;
}

/**
 * The language the page says `element` is in (the nearest `lang` attribute, else the document's),
 * or '' when it says none. The built-in table follows this, not the browser's language, so the
 * elements speak the language of the page around them.
 */
export function pageLangOf(element: Element): string {
  return element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
}
