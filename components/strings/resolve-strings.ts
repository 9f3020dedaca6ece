import type { CallError } from '../../src/index.js';
import { englishStrings } from './english.js';
import { withOverride, type LifelineStrings, type StringsOverride } from './strings.js';

const resolved = new WeakMap<StringsOverride, LifelineStrings>();

/** The table an element renders with: English under the host's override (merged once per override object). */
export function resolveStrings(override: StringsOverride | null): LifelineStrings {
  if (!override) return englishStrings;
  let strings = resolved.get(override);
  if (!strings) resolved.set(override, (strings = withOverride(englishStrings, override)));
  return strings;
}

/** What a person reads for an error: the host's text for its code, else the core's English. */
export function errorText(strings: LifelineStrings, error: CallError): string {
  return strings.errors[error.code] ?? error.message;
}
