import { css } from 'lit';

export const videoCallStyles = css`
  :host {
    display: block;
    --_call-background: var(--lifeline-video-call-background, var(--_bg));
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
  .quality {
    position: absolute;
    right: var(--_gap);
    top: var(--_gap);
  }
`;
