/**
 * Up to two initials for an avatar: the first letter or digit of the first and last words.
 * Marks, controls and bidi overrides are skipped, so a hostile name still gives letters or nothing.
 */
export function initials(name: string): string {
  const words = name.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
  const first = (word: string | undefined) => (word ? (word.match(/^[\p{L}\p{N}]\p{M}*/u)?.[0] ?? '') : '');
  return (first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '')).toLocaleUpperCase();
}
