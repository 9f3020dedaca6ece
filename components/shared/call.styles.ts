import { css } from 'lit';
import { controlStyles, iconControlStyles } from '../styles/controls.js';

/**
 * What `<video-call>` and `<voice-call>` look like alike: the frame, the status line, the
 * controls and pickers (what they show in a call comes with in-call.styles.ts). Each element
 * sets `--_call-background` from its own knob.
 *
 * Why some rules are as they are (said here, so the shipped CSS carries no comments):
 * - `.call`'s `minmax(0, 1fr)`: a long unbroken name shrinks with ellipsis instead of widening the frame.
 * - Pressed shows in more than colour: the control bar's toggles change icon (controls.ts), the
 *   others get a check mark before the name, hidden from screen readers (aria-pressed says it).
 */
export const callStyles = css`
  .call {
    font-family: var(--_font);
    color: var(--_text);
    background: var(--_call-background, var(--_bg));
    border-radius: var(--_radius);
    padding: var(--_gap);
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_gap);
    container-type: inline-size;
  }
  .news {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
    justify-content: space-between;
  }
  .status {
    margin: 0;
    color: var(--_muted);
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  .picker {
    display: inline-flex;
    gap: var(--_gap);
    align-items: center;
  }
  ${controlStyles}
  select {
    max-width: 16rem;
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button[aria-pressed='true']:not(.toggle)::before {
    content: '✓ ';
    content: '✓ ' / '';
  }
  button.hang-up {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-danger);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  ${iconControlStyles}
`;
