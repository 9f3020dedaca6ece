// A STUN server as browsers see one from behind a NAT. On loopback there is no NAT, and both
// Chromium and Firefox drop a reflexive address equal to their own, so real coturn yields no
// srflx candidate there. This one answers every Binding request with a fixed mapped address
// from a documentation range (RFC 5737), as a NAT's public side would appear.
import { createSocket } from 'node:dgram';

const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const XOR_MAPPED_ADDRESS = 0x0020;

/** Starts it on 127.0.0.1; resolves to `{ url, mappedAddress, stop() }`. */
export async function startNatStun({ mappedAddress = '203.0.113.7' } = {}) {
  const socket = createSocket('udp4');
  const mapped = mappedAddress.split('.').reduce((ip, octet) => (ip << 8) | Number(octet), 0) >>> 0;
  socket.on('message', (request, from) => {
    if (request.length < 20 || request.readUInt16BE(0) !== BINDING_REQUEST || request.readUInt32BE(4) !== MAGIC_COOKIE) return;
    const response = Buffer.alloc(32);
    response.writeUInt16BE(BINDING_SUCCESS, 0);
    response.writeUInt16BE(12, 2);
    request.copy(response, 4, 4, 20); // magic cookie and transaction id
    response.writeUInt16BE(XOR_MAPPED_ADDRESS, 20);
    response.writeUInt16BE(8, 22);
    response.writeUInt16BE(0x0001, 24); // IPv4
    // The NAT keeps the port; both are XORed with the magic cookie (RFC 5389 section 15.2).
    response.writeUInt16BE(from.port ^ (MAGIC_COOKIE >>> 16), 26);
    response.writeUInt32BE((mapped ^ MAGIC_COOKIE) >>> 0, 28);
    socket.send(response, from.port, from.address);
  });
  await new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', resolve);
  });
  return {
    url: `stun:127.0.0.1:${socket.address().port}`,
    mappedAddress,
    stop: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
