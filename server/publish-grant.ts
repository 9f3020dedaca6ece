import type { PublishKind } from './join-token.js';

// The `publish` grant on a P2P call: the server never sees the media, but it relays every
// session description, and a browser only sends what its description says it sends. So a
// description offering to send a kind the token does not grant is refused before it reaches
// anyone; the SDK, told its grants in the welcome, never offers one.

const SENDS: ReadonlySet<string> = new Set(['sendrecv', 'sendonly']);

/** The media kinds this SDP would send (an m-line with a port, not recvonly or inactive). */
export function sentKinds(sdp: string): Set<string> {
  const sent = new Set<string>();
  let sessionDirection = 'sendrecv';
  let kind: string | null = null;
  let port = 0;
  let direction: string | null = null;
  const close = () => {
    if (kind && port !== 0 && SENDS.has(direction ?? sessionDirection)) sent.add(kind);
  };
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      close();
      const [media, portText] = line.slice(2).split(' ');
      kind = media ?? null;
      port = Number(portText);
      direction = null;
    } else if (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line)) {
      if (kind === null) sessionDirection = line.slice(2);
      else direction = line.slice(2);
    }
  }
  close();
  return sent;
}

/**
 * The kinds a description would send that `publish` does not allow; empty when it may go.
 * `screen` is sent as video, so either grant allows a video m-line.
 */
export function unpermittedKinds(sdp: string, publish: readonly PublishKind[]): string[] {
  const allowed = new Set<string>(publish);
  if (allowed.has('screen')) allowed.add('video');
  return [...sentKinds(sdp)].filter((kind) => (kind === 'audio' || kind === 'video') && !allowed.has(kind));
}
