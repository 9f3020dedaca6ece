import { CallError } from '../errors.js';

export type IcePolicy = 'all' | 'relay';

export interface TurnServer {
  urls: string | string[];
  username: string;
  credential: string;
}

/** ICE settings as a host writes them: plain URLs for STUN, credentials for TURN. */
export interface IceConfig {
  stun?: string[];
  turn?: TurnServer[];
  icePolicy?: IcePolicy;
  /**
   * How long the TURN credentials stay valid from when this config was fetched, in seconds;
   * the engine fetches fresh ones before then. Absent for credentials that do not expire.
   */
  ttlSeconds?: number;
}

const STUN_URL = /^stuns?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;
const TURN_URL = /^turns?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/;

function invalid(message: string): never {
  throw new CallError('invalid_ice_config', message);
}

function checkPort(url: string): void {
  const port = /:(\d{1,5})(\?|$)/.exec(url.replace(/^[a-z]+:/, ''))?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) invalid(`${url}: port must be 1-65535.`);
}

/**
 * Turns an `IceConfig` into an `RTCConfiguration`, rejecting malformed entries with a
 * CallError that names the entry, instead of letting `new RTCPeerConnection()` throw a
 * browser-specific SyntaxError later.
 */
export function buildRtcConfiguration(config: IceConfig = {}): RTCConfiguration {
  if (typeof config !== 'object' || config === null) invalid('The ICE config must be an object.');
  const { stun = [], turn = [], icePolicy = 'all', ttlSeconds } = config;
  if (ttlSeconds !== undefined && !(typeof ttlSeconds === 'number' && ttlSeconds > 0))
    invalid(`iceConfig.ttlSeconds must be a positive number of seconds, not ${JSON.stringify(ttlSeconds)}.`);
  if (!Array.isArray(stun)) invalid('iceConfig.stun must be an array of stun: URLs.');
  if (!Array.isArray(turn)) invalid('iceConfig.turn must be an array of { urls, username, credential }.');
  if (icePolicy !== 'all' && icePolicy !== 'relay') invalid(`iceConfig.icePolicy must be "all" or "relay", not ${JSON.stringify(icePolicy)}.`);

  const iceServers: RTCIceServer[] = [];
  stun.forEach((url, i) => {
    if (typeof url !== 'string' || !STUN_URL.test(url)) invalid(`iceConfig.stun[${i}] is not a stun: or stuns: URL: ${JSON.stringify(url)}.`);
    checkPort(url);
    iceServers.push({ urls: url });
  });
  turn.forEach((server, i) => {
    if (typeof server !== 'object' || server === null) invalid(`iceConfig.turn[${i}] must be an object.`);
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    if (urls.length === 0) invalid(`iceConfig.turn[${i}].urls is empty.`);
    for (const url of urls) {
      if (typeof url !== 'string' || !TURN_URL.test(url)) invalid(`iceConfig.turn[${i}] has a URL that is not turn: or turns:: ${JSON.stringify(url)}.`);
      checkPort(url);
    }
    if (typeof server.username !== 'string' || server.username === '') invalid(`iceConfig.turn[${i}] needs a username.`);
    if (typeof server.credential !== 'string' || server.credential === '') invalid(`iceConfig.turn[${i}] needs a credential.`);
    iceServers.push({ urls, username: server.username, credential: server.credential });
  });
  if (icePolicy === 'relay' && turn.length === 0) invalid('iceConfig.icePolicy "relay" needs at least one TURN server.');

  return { iceServers, iceTransportPolicy: icePolicy, bundlePolicy: 'max-bundle' };
}
