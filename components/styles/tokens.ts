import { css } from 'lit';

/**
 * Global design tokens. Every element reads these through its own custom properties, so a
 * product restyles all of Lifeline by setting `--lifeline-*` once on a parent.
 *
 * Light and dark: each default is a `light-dark()` pair, picked by the element's color scheme,
 * which follows the person's `prefers-color-scheme` unless the host sets `theme="light"` or
 * `theme="dark"`. A host token overrides both schemes; to theme one scheme only, set the token
 * under the host's own `prefers-color-scheme` query or `[theme]` selector.
 * Text on the accent and danger colours is `--lifeline-color-on-accent` and `-on-danger`.
 */
export const tokens = css`
  :host {
    color-scheme: light dark;
    --_bg: var(--lifeline-color-background, light-dark(#ffffff, #101418));
    --_surface: var(--lifeline-color-surface, light-dark(#eef1f4, #1c232b));
    --_text: var(--lifeline-color-text, light-dark(#14191f, #f4f6f8));
    --_muted: var(--lifeline-color-text-muted, light-dark(#4d5966, #aab4be));
    --_accent: var(--lifeline-color-accent, light-dark(#1d4fb8, #2563d9));
    --_on-accent: var(--lifeline-color-on-accent, #ffffff);
    --_danger: var(--lifeline-color-danger, light-dark(#b3261e, #c02828));
    --_on-danger: var(--lifeline-color-on-danger, #ffffff);
    --_warning: var(--lifeline-color-warning, light-dark(#fff1cc, #8a5a00));
    --_speaking: var(--lifeline-color-speaking, light-dark(#0f7b3f, #4cc38a));
    --_radius: var(--lifeline-radius, 12px);
    --_gap: var(--lifeline-spacing, 8px);
    --_font: var(--lifeline-font-family, system-ui, sans-serif);
    --_focus: var(--lifeline-focus-ring, 0 0 0 3px light-dark(#8a4b00, #ffbf47));
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
