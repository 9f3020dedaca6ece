import { DEVICE_OF_TRACK, type CallError, type DeviceRecoveryEvent, type RecoveryEvent } from '../../src/index.js';
import { englishStrings } from './english.js';
import { fill, withOverride, type LifelineStrings, type RecoveryText, type StringsOverride } from './strings.js';

// The translations that ship with the SDK, by primary language subtag. Each is fetched the first
// time an element in that language renders (in the CDN build, a chunk of its own), so a page in
// English never downloads them.
const TRANSLATIONS = new Map<string, () => Promise<LifelineStrings>>([['de', () => import('./de.js').then((module) => module.germanStrings)]]);

const arrived = new Map<string, LifelineStrings>();
const loading = new Map<string, Set<() => void>>();

/**
 * The built-in table for `lang` (a BCP 47 tag): its translation once it has arrived, English
 * until then and for any language without one. `onArrival` is called when the translation it
 * is waiting for arrives, so the element can render again.
 */
export function builtInStrings(lang: string, onArrival: () => void): LifelineStrings {
  const language = lang.split('-')[0].toLowerCase();
  const table = arrived.get(language);
  if (table) return table;
  const load = TRANSLATIONS.get(language);
  if (!load) return englishStrings;
  let waiting = loading.get(language);
  if (!waiting) {
    const callbacks = (waiting = new Set());
    loading.set(language, callbacks);
    load()
      .then(
        (translation) => {
          arrived.set(language, translation);
          callbacks.forEach((callback) => callback());
        },
        (error: unknown) => console.warn(`Lifeline: the texts for "${language}" could not be loaded; showing English.`, error),
      )
      .finally(() => loading.delete(language));
  }
  waiting.add(onArrival);
  return englishStrings;
}

const resolved = new WeakMap<LifelineStrings, WeakMap<StringsOverride, LifelineStrings>>();

/** The table an element renders with: the built-in table under the host's override (merged once per pair). */
export function resolveStrings(override: StringsOverride | null, base: LifelineStrings = englishStrings): LifelineStrings {
  if (!override) return base;
  let merged = resolved.get(base);
  if (!merged) resolved.set(base, (merged = new WeakMap()));
  let strings = merged.get(override);
  if (!strings) merged.set(override, (strings = withOverride(base, override)));
  return strings;
}

/** What a person reads for an error: the host's text for its code, else the core's English. */
export function errorText(strings: LifelineStrings, error: CallError): string {
  return strings.errors[error.code] ?? error.message;
}

/** What a person reads for a recovery step: the text for its `step:reason` where there is one, else for its step. */
export function recoveryText({ recovery }: LifelineStrings, { step, reason }: Pick<RecoveryEvent, 'step' | 'reason'>): string {
  return recovery[`${step}:${reason}` as RecoveryText] ?? recovery[step];
}

/** What a person reads about a device that the device manager replaced, lost or got back. */
export function deviceRecoveryText(
  strings: LifelineStrings,
  { kind, action, device, code }: Pick<DeviceRecoveryEvent, 'kind' | 'action' | 'device' | 'code'>,
): string {
  const kindOfDevice = DEVICE_OF_TRACK[kind];
  const values = { device: strings.devices[kindOfDevice], label: device?.label ?? '' };
  if (action === 'switched') return fill(strings.deviceSwitched, values);
  if (action === 'restored') return fill(strings.deviceRestored, values);
  return code === 'media_not_allowed' ? fill(strings.deviceBlocked, values) : strings.deviceLost[kindOfDevice];
}
