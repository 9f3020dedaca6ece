import { css } from 'lit';
import { levelMeterStyles } from '../shared/level-meter.js';
import { controlStyles } from '../styles/controls.js';

export const soundCheckStyles = css`
  :host {
    display: block;
  }
  .check {
    font-family: var(--_font);
    color: var(--_text);
    background: var(--lifeline-sound-check-background, var(--_bg));
    border-radius: var(--_radius);
    padding: calc(2 * var(--_gap));
    display: grid;
    gap: var(--_gap);
    --_meter: var(--lifeline-sound-check-meter-color, var(--_accent));
  }
  .picker {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  ${controlStyles}
  select {
    padding: 6px 12px;
    flex: 1 1 12rem;
    min-width: 0;
  }
  video {
    width: 100%;
    max-height: 240px;
    object-fit: cover;
    border-radius: var(--_radius);
    background: var(--_surface);
    transform: scaleX(-1);
  }
  ${levelMeterStyles}
  .note,
  .result {
    margin: 0;
  }
  .note {
    color: var(--_muted);
  }
  :host([state='pass']) .result {
    font-weight: 600;
  }
  :host([state='too-quiet']) .result,
  :host([state='no-microphone']) .result,
  :host([state='denied']) .result,
  :host([state='failed']) .result {
    border-inline-start: 4px solid var(--_danger);
    padding-inline-start: var(--_gap);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
  }
`;
