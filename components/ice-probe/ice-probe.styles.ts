import { css } from 'lit';

export const iceProbeStyles = css`
  :host {
    display: block;
  }
  .probe {
    font-family: var(--_font);
    color: var(--_text);
    background: var(--lifeline-ice-probe-background, var(--_bg));
    border-radius: var(--_radius);
    padding: calc(2 * var(--_gap));
    display: grid;
    gap: var(--_gap);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption,
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: 6px var(--_gap);
    border-bottom: 1px solid var(--_surface);
  }
  td {
    white-space: nowrap;
  }
  td:last-child {
    white-space: normal;
  }
  /* URLs have no spaces to break at. */
  tbody th {
    font-weight: 400;
    overflow-wrap: anywhere;
  }
  tr[data-status='failed'] .verdict {
    border-inline-start: 4px solid var(--lifeline-ice-probe-failed-color, var(--_danger));
  }
  .status,
  .copied {
    margin: 0;
  }
  :host([state='failed']) .status,
  :host([state='error']) .status {
    border-inline-start: 4px solid var(--lifeline-ice-probe-failed-color, var(--_danger));
    padding-inline-start: var(--_gap);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  .copied {
    color: var(--_muted);
  }
`;
