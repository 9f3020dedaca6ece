import { css } from 'lit';

/**
 * Global design tokens. Every element reads these through its own custom properties, so a
 * product restyles all of Lifeline by setting `--lifeline-*` once on a parent.
 */
export const tokens = css`
  :host {
    --_bg: var(--lifeline-color-background, #101418);
    --_surface: var(--lifeline-color-surface, #1c232b);
    --_text: var(--lifeline-color-text, #f4f6f8);
    --_muted: var(--lifeline-color-text-muted, #aab4be);
    --_accent: var(--lifeline-color-accent, #2563d9);
    --_danger: var(--lifeline-color-danger, #c02828);
    --_warning: var(--lifeline-color-warning, #8a5a00);
    --_radius: var(--lifeline-radius, 12px);
    --_gap: var(--lifeline-spacing, 8px);
    --_font: var(--lifeline-font-family, system-ui, sans-serif);
    --_focus: var(--lifeline-focus-ring, 0 0 0 3px #ffbf47);
  }
`;
