import { css } from 'lit';

export const videoCallStyles = css`
  :host {
    display: block;
  }
  .call {
    font-family: var(--_font);
    color: var(--_text);
    background: var(--lifeline-video-call-background, var(--_bg));
    border-radius: var(--_radius);
    padding: var(--_gap);
    display: grid;
    gap: var(--_gap);
    container-type: inline-size;
  }
  .grid {
    display: grid;
    gap: var(--_gap);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 240px), 1fr));
  }
  .tile {
    position: relative;
    background: var(--_surface);
    border-radius: var(--_radius);
    overflow: hidden;
    aspect-ratio: 4 / 3;
  }
  video {
    width: 100%;
    height: 100%;
    object-fit: cover;
    display: block;
  }
  .local video {
    transform: scaleX(-1);
  }
  .name {
    position: absolute;
    left: var(--_gap);
    bottom: var(--_gap);
    max-width: calc(100% - 2 * var(--_gap));
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
    background: rgb(0 0 0 / 0.6);
    padding: 2px 8px;
    border-radius: 6px;
  }
  .status {
    margin: 0;
    color: var(--_muted);
  }
  .recovery[data-active] {
    background: var(--_warning);
    border-radius: var(--_radius);
    padding: var(--_gap) calc(2 * var(--_gap));
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
  }
  .recovery[data-step='healthy'] {
    background: var(--_surface);
  }
  .recovery[data-step='ended'] {
    background: var(--_danger);
  }
  /* Collapsed, not removed, so the live region inside stays announced. */
  .recovery:not([data-active]) {
    height: 0;
    overflow: hidden;
  }
  .quality {
    position: absolute;
    right: var(--_gap);
    top: var(--_gap);
    background: rgb(0 0 0 / 0.6);
    padding: 2px 8px;
    border-radius: 6px;
  }
  .controls,
  .incoming {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  button {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: 999px;
    padding: 8px 16px;
    cursor: pointer;
  }
  button:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
  }
  button.hang-up,
  button.decline {
    background: var(--_danger);
    border-color: var(--_danger);
  }
`;
