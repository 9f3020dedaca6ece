// The next `event` of an emitter (a Socket.IO client, a child process), or a rejection naming
// it after `ms`, so that a test waiting for something that never comes fails with what it waited for.
export const once = (emitter, event, ms = 10_000) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} in ${ms} ms`)), ms);
    emitter.once(event, (value) => (clearTimeout(timer), resolve(value)));
  });
