// engine.io-client's table of transports as Lifeline's CDN build ships it, loaded by
// rollup.config.mjs in place of engine.io-client/build/esm/transports/index.js (so the relative
// imports below are engine.io-client's own files).
//
// The SDK connects over WebSocket first; long-polling is the fallback for proxies and firewalls
// that refuse WebSocket, so most pages never use it. Its code (about 1.4 KB of gzip) is fetched
// by the stand-in below only when a connection falls back to it: the stand-in is a Transport
// that engine.io-client's Socket drives as it would the real one, and that passes every call and
// event through to the real long-polling transport once it is here.
import { Transport } from '../transport.js';
import { WS } from './websocket.js';
import { WT } from './webtransport.js';

class LongPolling extends Transport {
  /** The real long-polling transport, once its chunk has loaded and the stand-in is still opening. */
  real = null;

  get name() {
    return 'polling';
  }

  // The Socket reads `writable` before each flush; the real transport's own says whether a write
  // is under way. (Transport's constructor and onOpen() assign it: the assignments are ignored.)
  get writable() {
    return this.real ? this.real.writable : false;
  }

  set writable(_) {}

  doOpen() {
    import('./polling-xhr.js').then(
      ({ XHR }) => {
        // Closed while the chunk was on its way: nothing to open.
        if (this.readyState !== 'opening') return;
        // The same options, so the same `query` object: the Socket writes the session id into it.
        const real = new XHR(this.opts);
        this.real = real;
        real.on('open', () => this.onOpen());
        real.on('packet', (packet) => this.onPacket(packet));
        real.on('drain', () => this.emitReserved('drain'));
        real.on('error', (error) => this.emitReserved('error', error));
        real.on('close', (details) => this.readyState !== 'closed' && this.onClose(details));
        real.open();
      },
      // A chunk that cannot be fetched (offline, a CDN path that lost it) fails like a refused connection.
      (error) => this.onError('long-polling could not be loaded', error),
    );
  }

  doClose() {
    // Transport.close() reports the close itself once this returns; the real one's report is then ignored.
    const real = this.real;
    this.readyState = 'closed';
    real?.close();
  }

  send(packets) {
    this.real?.send(packets);
  }

  pause(onPause) {
    if (this.real) this.real.pause(onPause);
    else onPause();
  }
}

export const transports = {
  websocket: WS,
  webtransport: WT,
  polling: LongPolling,
};
