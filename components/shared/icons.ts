import { html } from 'lit';

// Hand-drawn 24×24 strokes (the stroke style is in controls.ts): a few bytes each, in the
// bundle itself, so nothing is fetched and a strict CSP has nothing to block. The "off" icons
// are the "on" paths with a slash, so each shape is written once.
const SLASH = 'M3 3l18 18';
const MICROPHONE = 'M9 5a3 3 0 0 1 6 0v6a3 3 0 0 1-6 0zM5 11a7 7 0 0 0 14 0m-7 7v3';
const CAMERA = 'M2 7h13v10H2zm13 4 7-4v10l-7-4';
const SCREEN = 'M3 4h18v12H3zm5 16h8m-4-4v4';
const PICTURE_IN_PICTURE = 'M3 5h18v14H3zm9 7h7v5h-7z';

export const ICONS = {
  microphone: MICROPHONE,
  'microphone-off': MICROPHONE + SLASH,
  camera: CAMERA,
  'camera-off': CAMERA + SLASH,
  'screen-share': SCREEN + 'M12 13V7m-3 3 3-3 3 3',
  'screen-share-stop': SCREEN + 'm9 7 6 6m0-6-6 6',
  record: 'M5 12a7 7 0 1 0 14 0 7 7 0 1 0-14 0',
  'record-stop': 'M6 6h12v12H6z',
  'hang-up': 'M2 14q10-9 20 0l-3 3-3-2v-3q-4-1.5-8 0v3l-3 2z',
  more: 'M5 12h0m7 0h0m7 0h0',
  'picture-in-picture': PICTURE_IN_PICTURE,
  'picture-in-picture-off': PICTURE_IN_PICTURE + SLASH,
};

export type IconName = keyof typeof ICONS;

/**
 * One icon, replaceable by a host: the element's own SVG (parts `icon` and `icon-<name>`) is the
 * fallback of the slot `icon-<name>`. Its button is named by its words, whatever is in the slot.
 */
export const icon = (name: IconName) =>
  html`<slot name=${`icon-${name}`}><svg part=${`icon icon-${name}`} viewBox="0 0 24 24"><path d=${ICONS[name]} /></svg></slot>`;
