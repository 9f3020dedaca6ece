import { css } from 'lit';

/** Buttons and pickers as every Lifeline element draws them: pills on the surface, with the focus ring. */
export const controlStyles = css`
  button,
  select {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: 999px;
    padding: 8px 16px;
  }
  button {
    cursor: pointer;
  }
  select {
    border-radius: var(--_radius);
  }
  button:focus-visible,
  select:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
`;

/**
 * The call elements' icon buttons and the narrow bar's "More" button (its menu brings its own
 * styles). Icons draw in the button's text colour; `::part(icon)` or the `icon-*` slots restyle
 * or replace them. A toggle's pressed state is a second icon (a slash, a stop square), not only
 * a colour. The label is the accessible name, shown as a tooltip on hover and keyboard focus.
 * Below 400px of the element's own width (a container query, not the viewport) the primary
 * buttons stay and the rest give way to More.
 */
export const iconControlStyles = css`
  .icon-button {
    position: relative;
    display: inline-grid;
    padding: 10px;
  }
  .hang-up {
    padding-inline: 20px;
  }
  svg,
  ::slotted(*) {
    display: block;
    width: 1.25em;
    height: 1.25em;
  }
  svg {
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .more-button svg {
    stroke-width: 4;
  }
  .toggle:not([aria-pressed='true']) slot:nth-child(2),
  .toggle[aria-pressed='true'] slot:first-child,
  .more {
    display: none;
  }
  .icon-button:is(:hover, :focus-visible) > .label {
    width: auto;
    height: auto;
    clip-path: none;
    inset-block-end: calc(100% + 6px);
    left: 50%;
    translate: -50%;
    padding: 2px 8px;
    border-radius: 6px;
    background: var(--_text);
    color: var(--_bg);
    pointer-events: none;
    z-index: 2;
  }
  @container (width < 400px) {
    .controls > :is(.screen-share-button, .record-button, .picker) {
      display: none;
    }
    .more {
      display: block;
    }
  }
`;
