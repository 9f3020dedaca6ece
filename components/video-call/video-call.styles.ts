import { css } from 'lit';

/**
 * The grid follows the element's own width, not the page's: one column when narrow, two side by
 * side (or two by two) from 520px, three in a row for three people from 900px. Over video the
 * caption is always light on dark, whatever the theme. (Said here, so the shipped CSS carries
 * no comments.)
 */
export const videoCallStyles = css`
  :host {
    display: block;
    --_call-background: var(--lifeline-video-call-background, var(--_bg));
    --_tile-background: var(--lifeline-video-call-tile-background, var(--_surface));
    --_tile-ratio: var(--lifeline-video-call-tile-aspect-ratio, 4 / 3);
  }
  .grid {
    display: grid;
    gap: var(--_gap);
    grid-template-columns: 1fr;
    position: relative;
  }
  @container (min-width: 520px) {
    .grid[data-layout='grid']:not([data-count='1']) {
      grid-template-columns: 1fr 1fr;
    }
  }
  @container (min-width: 900px) {
    .grid[data-layout='grid'][data-count='3'] {
      grid-template-columns: repeat(3, 1fr);
    }
  }
  .tile,
  .empty {
    position: relative;
    background: var(--_tile-background);
    border-radius: var(--_radius);
    overflow: hidden;
    aspect-ratio: var(--_tile-ratio);
    margin: 0;
    min-width: 0;
  }
  .tile[data-speaking] {
    outline: 3px solid var(--_speaking);
    outline-offset: -3px;
  }
  .empty {
    display: grid;
    place-items: center;
    padding: var(--_gap);
    color: var(--_muted);
    text-align: center;
  }
  video {
    width: 100%;
    height: 100%;
    object-fit: cover;
    display: block;
  }
  /* A shared screen is text: shown whole, never cropped to the tile's shape. */
  .screen video {
    object-fit: contain;
  }

  .local.camera video {
    transform: scaleX(-1);
  }
  .avatar {
    position: absolute;
    inset: 0;
    margin: auto;
    width: 30%;
    aspect-ratio: 1;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: clamp(1rem, 6cqi, 3rem);
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .caption {
    position: absolute;
    inset-inline: var(--_gap);
    inset-block-end: var(--_gap);
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    align-items: center;
  }
  .name,
  .badge {
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    padding: 2px 8px;
    border-radius: 6px;
  }
  .name {
    min-width: 0;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
  }
  .badge.speaking {
    box-shadow: inset 0 0 0 2px var(--_speaking);
  }
`;
