// Loopback ports for the servers the tests and scripts start (coturn, nginx, the nodes).
import { createServer } from 'node:net';

/** A TCP port that was free on `host` a moment ago. */
export function freeTcpPort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, host, () => {
        const { port } = probe.address();
        probe.close(() => resolve(port));
      });
  });
}

/** Whether something listens on the TCP port of 127.0.0.1 (binding it fails). */
export function portInUse(port) {
  return new Promise((resolve) => {
    const socket = createServer();
    socket.once('error', () => resolve(true));
    socket.listen(port, '127.0.0.1', () => socket.close(() => resolve(false)));
  });
}
