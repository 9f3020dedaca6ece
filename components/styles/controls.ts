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
