import { html, nothing, type TemplateResult } from 'lit';
import type { Participant, QualityLevel } from '../../src/index.js';
import { initials } from '../shared/initials.js';
import { mediaStream } from '../shared/media-stream.js';
import { fill, type LifelineStrings } from '../strings/strings.js';
import type { Placement, SelfViewCorner, TileRef } from './tile-focus.js';

/** What a tile shows: one person's camera, or a screen they share. */
export interface TileModel extends TileRef {
  name: string;
  stream: MediaStream | null;
  audio: boolean;
  video: boolean;
  participant?: Participant;
}

export interface TilePlace {
  place: Placement;
  corner: SelfViewCorner;
  speaking: boolean;
  level: QualityLevel | undefined;
  /** The tile's buttons (from the layouts' chunk), and a host's actions. */
  buttons: unknown;
  extras: unknown;
}

/** What a tile's video is called: the local camera, a person's camera or their shared screen. */
export function tileLabel(strings: LifelineStrings, tile: TileModel): string {
  return tile.local ? strings.yourCamera : fill(tile.kind === 'screen' ? strings.screenOf : strings.videoOf, { name: tile.name });
}

const PLACE_PART: Record<Placement, string> = { grid: '', focus: ' focus-tile', strip: ' filmstrip-tile', floating: ' self-view', hidden: '' };

/**
 * One tile: the video (or the person's initials while their camera is off), their name, badges
 * for muted, camera off, speaking and a weak link, each in words (beside the name, where a small
 * filmstrip tile wraps them rather than laying them over its buttons), and the tile's buttons; a
 * click pins it. The `<video>` sits at the same place in the template whatever the placement, so a layout change
 * updates attributes and leaves the element playing.
 */
export function renderTile(strings: LifelineStrings, tile: TileModel, at: TilePlace, pin: ((event: Event) => void) | undefined): TemplateResult {
  if (tile.kind === 'screen') return renderScreenTile(strings, tile, at, pin);
  const showVideo = tile.stream && tile.video;
  const label = tileLabel(strings, tile);
  return html`
    <figure
      class="tile ${tile.local ? 'local' : 'remote'} ${tile.kind}"
      part="tile ${tile.local ? 'local-tile' : 'remote-tile'}${at.speaking ? ' speaking-tile' : ''}${PLACE_PART[at.place]}"
      data-tile=${tile.key}
      data-place=${at.place}
      data-corner=${at.place === 'floating' ? at.corner : nothing}
      data-participant-id=${tile.local ? nothing : tile.participantId}
      data-quality=${at.level ?? nothing}
      ?data-speaking=${at.speaking}
      @click=${pin}
    >
      ${
        tile.local
          ? html`<video part="local-video" .muted=${true} ${mediaStream(tile.stream)} autoplay playsinline aria-label=${label} ?hidden=${!showVideo}></video>`
          : tile.stream
            ? html`<video part="remote-video" data-call-output data-participant-id=${tile.participantId} ${mediaStream(tile.stream)} autoplay playsinline aria-label=${label} ?hidden=${!showVideo}></video>`
            : nothing
      }
      ${showVideo ? nothing : html`<span class="avatar" part="avatar" aria-hidden="true">${initials(tile.name)}</span>`}
      <figcaption class="caption">
        <span class="name" part="name">${tile.name}</span>
        ${at.speaking ? html`<span class="badge speaking" part="speaking">${strings.speaking}</span>` : nothing}
        ${tile.audio ? nothing : html`<span class="badge" part="muted">${strings.muted}</span>`}
        ${tile.video ? nothing : html`<span class="badge" part="camera-off">${strings.cameraOff}</span>`}
        ${at.level && at.level !== 'good' ? html`<span class="badge quality" part="quality">${strings.quality[at.level]}</span>` : nothing}
      </figcaption>
      ${at.buttons}
      ${at.extras}
    </figure>
  `;
}

/** A screen someone shares: the whole picture (never cropped), named by whose it is, and its sound. */
function renderScreenTile(strings: LifelineStrings, tile: TileModel, at: TilePlace, pin: ((event: Event) => void) | undefined): TemplateResult {
  const label = tileLabel(strings, tile);
  return html`
    <figure class="tile remote screen" part="tile screen-tile${PLACE_PART[at.place]}" data-tile=${tile.key} data-place=${at.place} data-participant-id=${tile.participantId} @click=${pin}>
      <video part="screen-video" data-call-output ${mediaStream(tile.stream)} autoplay playsinline aria-label=${label}></video>
      <figcaption class="caption"><span class="name" part="name">${label}</span></figcaption>
      ${at.buttons}
    </figure>
  `;
}
