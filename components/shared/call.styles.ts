import { css } from 'lit';
import { controlStyles, iconControlStyles } from '../styles/controls.js';

/**
 * What `<video-call>` and `<voice-call>` look like alike: the frame, the status line, the
 * recovery banner, the device notice, the controls and pickers. Each element sets
 * `--_call-background` from its own knob.
 *
 * Why some rules are as they are (said here, so the shipped CSS carries no comments):
 * - `.call`'s `minmax(0, 1fr)`: a long unbroken name shrinks with ellipsis instead of widening the frame.
 * - An inactive banner or notice is collapsed, not removed, so the live regions inside stay announced.
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
  .recording {
    margin: 0;
  }
  .recording[data-state='recording']::before {
    content: '● ';
    color: var(--lifeline-recording-color, #b71c1c);
  }
  .recovery[data-active],
  .device-notice[data-active],
  .mute-request[data-active] {
    background: var(--_warning);
    border-radius: var(--_radius);
    padding: var(--_gap) calc(2 * var(--_gap));
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  .recovery[data-step='healthy'],
  .device-notice:is([data-action='switched'], [data-action='restored']) {
    background: var(--_surface);
  }
  .recovery[data-step='ended'] {
    background: var(--_danger);
    color: var(--_on-danger);
  }
  .recovery:not([data-active]),
  .device-notice:not([data-active]),
  .mute-request:not([data-active]) {
    height: 0;
    overflow: hidden;
  }
  .device-notice p,
  .mute-request p {
    margin: 0;
    flex: 1 1 12rem;
  }
  .controls,
  .incoming,
  .knock,
  .host-bar,
  .host-actions {
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
  button.hang-up,
  button.decline {
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
