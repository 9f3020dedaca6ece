import { css } from 'lit';

/**
 * What `<video-call>` and `<voice-call>` show only in a call, fetched with in-call.ts: the
 * recording indicator, the recovery banner, the device notice, the mute request, the incoming
 * call prompt, the knock and the host's controls.
 *
 * An inactive banner or notice is collapsed, not removed, so the live regions inside stay
 * announced (said here, so the shipped CSS carries no comments).
 */
export const inCallStyles = css`
  .recording {
    margin: 0;
  }
  .recording[data-state='recording']::before {
    content: '● ';
    color: var(--lifeline-recording-color, #b71c1c);
  }
  .recovery[data-active],
  .device-notice[data-active],
  .mute-request[data-active] {
    background: var(--_warning);
    border-radius: var(--_radius);
    padding: var(--_gap) calc(2 * var(--_gap));
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  .recovery[data-step='healthy'],
  .device-notice:is([data-action='switched'], [data-action='restored']) {
    background: var(--_surface);
  }
  .recovery[data-step='ended'] {
    background: var(--_danger);
    color: var(--_on-danger);
  }
  .recovery:not([data-active]),
  .device-notice:not([data-active]),
  .mute-request:not([data-active]) {
    height: 0;
    overflow: hidden;
  }
  .device-notice p,
  .mute-request p {
    margin: 0;
    flex: 1 1 12rem;
  }
  .incoming,
  .knock,
  .host-bar,
  .host-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  button.decline {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-danger);
  }
`;
