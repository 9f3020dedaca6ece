import { io, type Socket } from 'socket.io-client';
import type { SendAck } from '../../src/signaling/protocol.js';
import { testEnv, waitFor } from './test-env.js';

/** A bare Socket.IO client speaking the protocol by hand, to test the server's own checks. */
export interface RawClient {
  socket: Socket;
  welcome: { joinSeq: number; leaveToken: string };
  received: Array<Record<string, any>>;
  send(message: unknown): Promise<SendAck>;
  close(): void;
}

export interface RawIdentity {
  room: string;
  participantId: string;
  instanceId?: string;
  name?: string;
}

/** Connects with `auth` as given (so tests can send broken identities); rejects with the refusal data. */
export function connectRaw(auth: RawIdentity | Record<string, unknown>): Promise<RawClient> {
  const socket = io(testEnv.signalingUrl, {
    auth: { v: 1, instanceId: crypto.randomUUID(), name: '', ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const received: RawClient['received'] = [];
  socket.on('message', (m) => received.push(m));
  return new Promise((resolve, reject) => {
    socket.once('welcome', (welcome) =>
      resolve({
        socket,
        welcome,
        received,
        send: (message) => socket.timeout(5000).emitWithAck('message', message),
        close: () => socket.disconnect(),
      }),
    );
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.disconnect();
      reject(error.data ?? error);
    });
  });
}

export function waitForMessage(client: RawClient, match: (m: Record<string, any>) => boolean, what: string): Promise<Record<string, any>> {
  return waitFor(() => client.received.find(match), what, 5000, 20);
}
