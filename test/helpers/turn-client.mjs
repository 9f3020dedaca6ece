// A small TURN client over UDP (RFC 8489 STUN, RFC 8656 TURN), enough to ask a real coturn for
// an allocation and for permissions to peers, and to read its refusals. Tests use it to show what
// a TURN server lets a client relay to; it carries no data.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';

const MAGIC_COOKIE = 0x2112a442;
const METHOD = { allocate: 0x003, createPermission: 0x008 };
const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  xorPeerAddress: 0x0012,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedAddressFamily: 0x0017,
  requestedTransport: 0x0019,
};
const UDP = 17;

/** An IPv4 or IPv6 address (dotted-quad tails like `::ffff:127.0.0.1` included) as bytes. */
export function addressBytes(address) {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  const quad = address.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  const ipv6 = quad ? `${address.slice(0, quad.index)}${((quad[1] << 8) | quad[2]).toString(16)}:${((quad[3] << 8) | quad[4]).toString(16)}` : address;
  const groups = (part) =>
    part
      .split(':')
      .filter(Boolean)
      .map((group) => parseInt(group, 16));
  const [head, tail = ''] = ipv6.split('::');
  const left = groups(head);
  const right = groups(tail);
  const bytes = Buffer.alloc(16);
  [...left, ...Array(8 - left.length - right.length).fill(0), ...right].forEach((group, i) => bytes.writeUInt16BE(group, i * 2));
  return bytes;
}

/** XOR-*-ADDRESS: port and address XORed with the magic cookie (and, for IPv6, the transaction id). */
const xorMask = (transactionId) => Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), transactionId]);

function xorAddress(address, port, transactionId) {
  const raw = addressBytes(address);
  const mask = xorMask(transactionId);
  const value = Buffer.alloc(4 + raw.length);
  value.writeUInt8(raw.length === 4 ? 0x01 : 0x02, 1);
  value.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  raw.forEach((byte, i) => value.writeUInt8(byte ^ mask[i], 4 + i));
  return value;
}

function readXorAddress(value, transactionId) {
  const mask = xorMask(transactionId);
  const raw = [...value.subarray(4)].map((byte, i) => byte ^ mask[i]);
  const full = Buffer.from(raw)
    .toString('hex')
    .replace(/(.{4})(?!$)/g, '$1:');
  // The URL parser writes an IPv6 host in its short form (`::1`).
  const address = raw.length === 4 ? raw.join('.') : new URL(`http://[${full}]`).hostname.slice(1, -1);
  return { address, port: value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16) };
}

const attribute = (type, value) => {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
};

/** A request; with `key`, MESSAGE-INTEGRITY last (HMAC-SHA1 over the message, length counting it). */
function encode(method, transactionId, attributes, key) {
  const body = Buffer.concat(attributes.map(([type, value]) => attribute(type, value)));
  const header = Buffer.alloc(20);
  header.writeUInt16BE(method, 0);
  header.writeUInt16BE(body.length + (key ? 24 : 0), 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  const message = Buffer.concat([header, body]);
  if (!key) return message;
  return Buffer.concat([message, attribute(ATTR.messageIntegrity, createHmac('sha1', key).update(message).digest())]);
}

/** A response: its class, its attributes by type (first of each) and, for errors, code and reason. */
function decode(message) {
  const type = message.readUInt16BE(0);
  const attributes = new Map();
  for (let at = 20; at + 4 <= message.length;) {
    const attrType = message.readUInt16BE(at);
    const length = message.readUInt16BE(at + 2);
    if (!attributes.has(attrType)) attributes.set(attrType, message.subarray(at + 4, at + 4 + length));
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  const error = attributes.get(ATTR.errorCode);
  return {
    ok: (type & 0x0110) === 0x0100,
    transactionId: message.subarray(8, 20),
    attributes,
    code: error ? (error[2] & 0x07) * 100 + error[3] : undefined,
    reason: error ? error.subarray(4).toString('utf8') : undefined,
  };
}

/**
 * Opens a UDP socket to a TURN server that will sign in as `username`/`password` (long-term
 * credentials: TURN REST ones included). `allocate()` resolves to `{ ok, relayed }`;
 * `createPermission(peer)` to `{ ok }`; a refusal to `{ ok: false, code, reason }`. Every request
 * is resent every 500 ms (UDP) and gives up after `timeoutMs`.
 */
export async function connectTurn({ host, port, username, password, timeoutMs = 3000 }) {
  const socket = createSocket(isIPv4(host) ? 'udp4' : 'udp6');
  await new Promise((resolve, reject) => socket.once('error', reject).connect(port, host, resolve));
  const pending = new Map(); // transaction id (hex) -> { resolve, reject }
  socket.on('message', (message) => {
    if (message.length < 20 || message.readUInt32BE(4) !== MAGIC_COOKIE) return;
    const response = decode(message);
    pending.get(response.transactionId.toString('hex'))?.resolve(response);
  });
  // A connected UDP socket reports the server's port closed (ICMP) as an error: fail what waits.
  socket.on('error', (error) => [...pending.values()].forEach(({ reject }) => reject(error)));
  let auth; // { realm, nonce, key } once the server has challenged us

  /** One request; `attributes(transactionId)`, since an IPv6 XOR-PEER-ADDRESS is masked with it. */
  function transact(method, attributes) {
    const transactionId = randomBytes(12);
    const signed = auth
      ? [
          [ATTR.username, Buffer.from(username)],
          [ATTR.realm, Buffer.from(auth.realm)],
          [ATTR.nonce, auth.nonce],
        ]
      : [];
    const message = encode(method, transactionId, [...attributes(transactionId), ...signed], auth?.key);
    return new Promise((resolve, reject) => {
      const id = transactionId.toString('hex');
      const resend = setInterval(() => socket.send(message), 500);
      const timer = setTimeout(() => fail(new Error(`TURN request 0x${method.toString(16)} got no answer in ${timeoutMs} ms`)), timeoutMs);
      const done = () => {
        clearInterval(resend);
        clearTimeout(timer);
        pending.delete(id);
      };
      const fail = (error) => {
        done();
        reject(error);
      };
      pending.set(id, {
        resolve: (response) => {
          done();
          resolve(response);
        },
        reject: fail,
      });
      socket.send(message);
    });
  }

  /** A 401 (first contact) or 438 (stale nonce) brings REALM and NONCE: sign with them and ask once more. */
  async function request(method, attributes) {
    let response = await transact(method, attributes);
    if (!response.ok && (response.code === 401 || response.code === 438)) {
      const realm = response.attributes.get(ATTR.realm).toString('utf8');
      auth = { realm, nonce: response.attributes.get(ATTR.nonce), key: createHash('md5').update(`${username}:${realm}:${password}`).digest() };
      response = await transact(method, attributes);
    }
    return response;
  }
  const refusal = (response) => ({ ok: false, code: response.code, reason: response.reason });

  return {
    /** The realm the server challenged with (after the first request). */
    get realm() {
      return auth?.realm;
    },
    /** A UDP relay; `family: 6` asks for an IPv6 one (RFC 6156), the only kind that may reach IPv6 peers. */
    async allocate({ family = 4 } = {}) {
      const response = await request(METHOD.allocate, () => [
        [ATTR.requestedTransport, Buffer.from([UDP, 0, 0, 0])],
        [ATTR.requestedAddressFamily, Buffer.from([family === 6 ? 0x02 : 0x01, 0, 0, 0])],
      ]);
      return response.ok ? { ok: true, relayed: readXorAddress(response.attributes.get(ATTR.xorRelayedAddress), response.transactionId) } : refusal(response);
    },
    /** Permission for `peer` (permissions are per address, the port is ignored); IPv6 forms go as family IPv6. */
    async createPermission(peer) {
      const response = await request(METHOD.createPermission, (transactionId) => [[ATTR.xorPeerAddress, xorAddress(peer, 9, transactionId)]]);
      return response.ok ? { ok: true } : refusal(response);
    },
    close: () => new Promise((resolve) => socket.close(resolve)),
  };
}
