/** The most of one outside value a log line shows. */
export const MAX_LOGGED_CHARS = 120;

/**
 * A value from outside (a client's field, a URL, a host hook's error) as a log line may show it:
 * JSON-quoted, so a newline or a forged `key=value` stays inside the quotes, and cut to
 * MAX_LOGGED_CHARS, so one request cannot write a 60,000-character line.
 */
export function logValue(value: unknown): string {
  const text = value instanceof Error ? value.message : String(value);
  const shown = text.length > MAX_LOGGED_CHARS ? `${text.slice(0, MAX_LOGGED_CHARS)}…` : text;
  return JSON.stringify(shown);
}
