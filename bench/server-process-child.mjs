// The child of bench/server-process.mjs: reference servers, started and asked over IPC.
const { startSignalingServer } = await import('../build/server/index.js');

const running = [];

/**
 * The server's allowance is a `socket.use` middleware it adds in its `connection` handler. A
 * listener that runs first shadows `use` on that socket, so the allowance is never installed:
 * the only way to time the server without the check while leaving server/ as it is.
 */
function skipMessageChecks(io) {
  io.sockets.prependListener('connection', (socket) => {
    socket.use = () => socket;
  });
}

process.on('message', async ({ id, ask, servers }) => {
  try {
    if (ask === 'start') {
      for (const { options, uncheckedMessages } of servers) {
        const server = await startSignalingServer({ ...options, log: () => {} });
        if (uncheckedMessages) skipMessageChecks(server.io);
        running.push(server);
      }
      process.send({ id, urls: running.map((server) => server.url) });
    } else if (ask === 'cpu') {
      process.send({ id, usage: process.cpuUsage() });
    } else if (ask === 'close') {
      await Promise.all(running.map((server) => server.close()));
      process.send({ id }, () => process.exit(0));
    }
  } catch (error) {
    process.send({ id, error: error.message });
  }
});
