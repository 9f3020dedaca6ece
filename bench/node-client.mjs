// A Node Socket.IO client that joins a room the way the SDK's transport does
// (src/signaling/socket-io-transport.ts: the JoinRequest as `auth`, WebSocket first).
import { io } from 'socket.io-client';

const JOIN_TIMEOUT_MS = 10_000;

/** The `auth` the SDK sends: a JoinRequest (src/signaling/protocol.ts), with the token where there is one. */
export const joinRequest = ({ room, participantId, token }) => ({
  v: 1,
  room,
  participantId,
  instanceId: `${participantId}-tab`,
  name: participantId,
  ...(token === undefined ? {} : { token }),
});

/** Connects and resolves to the socket once the server's `welcome` came; rejects with the refusal's code. */
export function joinRoom(url, auth) {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      socket.disconnect();
      reject(new Error(`joining ${auth.room} as ${auth.participantId}: ${why}`));
    };
    const timer = setTimeout(() => fail(`no welcome after ${JOIN_TIMEOUT_MS / 1000} s`), JOIN_TIMEOUT_MS);
    socket.once('welcome', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => fail(error.data?.code ?? error.message));
  });
}
