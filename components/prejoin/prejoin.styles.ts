import { css } from 'lit';
import { levelMeterStyles } from '../shared/level-meter.js';

/** The pre-join screen, added to the element's styles when its chunk arrives. */
export const prejoinStyles = css`
  .prejoin {
    display: grid;
    gap: var(--_gap);
    width: 100%;
    max-width: 40rem;
    margin-inline: auto;
  }
  .prejoin-stage {
    display: grid;
    place-items: center;
    aspect-ratio: var(--lifeline-video-call-tile-aspect-ratio, 4 / 3);
    background: var(--lifeline-video-call-tile-background, var(--_surface));
    border-radius: var(--_radius);
    overflow: hidden;
    color: var(--_muted);
  }
  /* A mirror, as people expect to see themselves; the others see the camera the right way round. */
  .prejoin-stage video {
    width: 100%;
    height: 100%;
    object-fit: cover;
    transform: scaleX(-1);
  }
  .prejoin-row,
  .prejoin-field {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  .prejoin-level {
    flex: 1 1 8rem;
  }
  .prejoin-field input {
    flex: 1 1 12rem;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    padding: 8px 12px;
  }
  .prejoin-field input:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .prejoin-help {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
    border-inline-start: 4px solid var(--_danger);
    padding-inline-start: var(--_gap);
  }
  .prejoin-help p {
    margin: 0;
    flex: 1 1 16rem;
  }
  button.join {
    justify-self: start;
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  ${levelMeterStyles}
`;
