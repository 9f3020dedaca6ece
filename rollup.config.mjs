import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

// `tsc` compiles to build/ first; rollup bundles the SDK, every element, lit and
// socket.io-client into one ES module.
// engine.io-client bundles a WebTransport transport that Lifeline never uses: the client asks for
// WebSocket, then long-polling (for proxies that block WebSockets), and the reference server
// offers no HTTP/3. Leaving it out keeps the bundle under its 40 KB gzip budget.
const withoutWebTransport = {
  name: 'lifeline-without-webtransport',
  load: (id) => (id.endsWith('/engine.io-client/build/esm/transports/webtransport.js') ? 'export class WT {}' : null),
};

export default {
  input: 'build/components/define.js',
  output: { file: 'dist/lifeline.min.js', format: 'es', sourcemap: true },
  plugins: [
    withoutWebTransport,
    nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
    terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
