import { css } from 'lit';

/**
 * Where the tiles sit. Every tile is a child of the one grid, in an order that never changes
 * (moving a `<video>` to another parent would reload it), and `data-place` puts it: `focus`
 * across the first row with the others flowing four to a row beneath; `floating` out of the
 * flow over the tile in focus (else over the grid), in the corner `data-corner` names, logical
 * so it mirrors right to left; `hidden` not at all. The filmstrip's band is out of the flow too,
 * behind its tiles, so the tiles still fill the grid's cells. Over video the tile's buttons are
 * light on dark, like its caption, whatever the theme.
 */
export const layoutStyles = css`
  .grid[data-layout='focus'] {
    grid-template-columns: repeat(4, minmax(0, 1fr));
  }
  [data-place='focus'] {
    grid-area: 1 / 1 / 2 / -1;
    aspect-ratio: var(--lifeline-video-call-focus-aspect-ratio, 16 / 9);
  }
  [data-place='hidden'] {
    display: none;
  }
  .filmstrip,
  [data-place='floating'] {
    position: absolute;
  }
  .filmstrip {
    grid-area: 2 / 1 / auto / -1;
    inset: 0;
    background: var(--lifeline-video-call-filmstrip-background, transparent);
    border-radius: var(--_radius);
  }
  [data-place='floating'] {
    z-index: 1;
    width: var(--lifeline-video-call-self-view-width, 28%);
    min-width: 96px;
    margin: var(--_gap);
    box-shadow: 0 2px 12px rgb(0 0 0 / 0.45);
  }
  [data-layout='focus'] > [data-place='floating'] {
    grid-area: 1 / 1 / 2 / -1;
  }
  [data-corner$='start'] {
    inset-inline-start: 0;
  }
  [data-corner$='end'] {
    inset-inline-end: 0;
  }
  [data-corner^='top'] {
    inset-block-start: 0;
  }
  [data-corner^='bottom'] {
    inset-block-end: 0;
  }
  .tile {
    cursor: pointer;
  }
  .tile-actions {
    position: absolute;
    inset-inline-start: var(--_gap);
    inset-block-start: var(--_gap);
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .tile-button {
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    border-color: transparent;
    padding: 2px 10px;
  }
  .screen video,
  .tile:fullscreen video {
    object-fit: contain;
  }
  .tile:fullscreen {
    aspect-ratio: auto;
    border-radius: 0;
  }
  .call:fullscreen {
    border-radius: 0;
    overflow: auto;
  }
  .view-controls {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    justify-content: flex-end;
  }
`;
