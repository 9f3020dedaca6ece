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
 * The call elements' icon buttons, their tooltips and the narrow bar's "More" menu. Icons draw
 * in the button's text colour; `::part(icon)` or the `icon-*` slots restyle or replace them.
 */
export const iconControlStyles = css`
  .icon-button {
    position: relative;
    display: inline-grid;
    place-items: center;
    padding: 10px;
  }
  .hang-up {
    padding-inline: 20px;
  }
  svg,
  ::slotted(svg) {
    display: block;
    width: 1.25em;
    height: 1.25em;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .more-button svg {
    stroke-width: 3;
  }
  /* The pressed state is a second icon (a slash, a stop square), not only a colour. */
  .toggle:not([aria-pressed='true']) slot:nth-child(2),
  .toggle[aria-pressed='true'] slot:first-child {
    display: none;
  }
  /* The label is the accessible name; it shows as a tooltip on hover and keyboard focus. */
  .label {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
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
    font-size: 0.875em;
    pointer-events: none;
    z-index: 2;
  }
  .more {
    display: none;
    position: relative;
  }
  .menu {
    position: absolute;
    inset-block-end: calc(100% + 6px);
    inset-inline-end: 0;
    z-index: 1;
    display: grid;
    min-width: 14rem;
    max-width: 80vw;
    padding: 4px;
    background: var(--_bg);
    color: var(--_text);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
  }
  .menu:focus {
    outline: none;
  }
  .menu-heading {
    padding: 6px 12px 2px;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .menu-item {
    border: 0;
    border-radius: 6px;
    background: none;
    text-align: start;
    padding: 8px 12px;
  }
  .menu-item:is(:hover, :focus-visible) {
    background: var(--_surface);
  }
  /* Checked shows as a mark, hidden from screen readers (aria-checked says it). */
  .menu-item::before {
    content: '';
    display: inline-block;
    width: 1.5em;
  }
  .menu-item[aria-checked='true']::before {
    content: '✓';
    content: '✓' / '';
  }
  .menu-item[aria-disabled='true'] {
    color: var(--_muted);
    cursor: default;
  }
  /* Below 400px of the element's own width: the primary buttons stay, the rest go to More. */
  @container (width < 400px) {
    .controls > :is(.record-button, .picker) {
      display: none;
    }
    .more {
      display: block;
    }
  }
`;
