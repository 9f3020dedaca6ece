import { css } from 'lit';

/** The `<audio>` elements are hidden: heard, not seen, the others' sound plays from elements with nothing to show. */
export const voiceCallStyles = css`
  :host {
    display: block;
    --_call-background: var(--lifeline-voice-call-background, var(--_bg));
  }
  .participants {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_gap);
  }
  .participant {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: var(--_gap) calc(2 * var(--_gap));
  }
  .name {
    flex: 1 1 8rem;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
  }
  .participant[data-speaking] {
    outline: 3px solid var(--_speaking);
    outline-offset: -3px;
  }
  .avatar {
    width: 2.5rem;
    height: 2.5rem;
    flex: none;
    border-radius: 50%;
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .badge {
    color: var(--_muted);
    border: 1px solid currentColor;
    border-radius: 6px;
    padding: 0 6px;
  }
  .badge.speaking {
    color: var(--_text);
    border-color: var(--_speaking);
  }
  .empty {
    margin: 0;
    color: var(--_muted);
  }
  audio {
    display: none;
  }
`;
