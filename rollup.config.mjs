import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rmSync } from 'node:fs';

// `tsc` compiles to build/ first; rollup bundles the SDK, the elements, lit and socket.io-client
// into the CDN build: dist/lifeline.min.js, the one module a page loads, and beside it in
// dist/chunks/ what it loads on first use with `import()` (recording, <sound-check>,
// <ice-probe>, the ICE probe, each translation). Chunks import each other by relative paths,
// so the files work from any folder or CDN path as long as they stay together.
// engine.io-client bundles a WebTransport transport that Lifeline never uses: the client asks for
// WebSocket, then long-polling (for proxies that block WebSockets), and the reference server
// offers no HTTP/3. Leaving it out saves about 0.8 KB of the eager load.
const withoutWebTransport = {
  name: 'lifeline-without-webtransport',
  load: (id) => (id.endsWith('/engine.io-client/build/esm/transports/webtransport.js') ? 'export class WT {}' : null),
};

// Chunk names carry a hash of their content: clear dist/ so the last build's chunks do not linger.
const cleanDist = { name: 'lifeline-clean-dist', buildStart: () => rmSync('dist', { recursive: true, force: true }) };

// A translation's chunk is named after its language (`strings-de`), not just its file (`de`).
const chunkName = ({ name, facadeModuleId }) => (facadeModuleId?.includes('/components/strings/') ? `strings-${name}` : name);

export default {
  input: { lifeline: 'build/components/cdn.js' },
  // The chunks import what they share with the entry from the entry itself (under extra, mangled
  // export names), rather than from a second eager chunk behind a one-line facade.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].min.js',
    chunkFileNames: (chunk) => `chunks/${chunkName(chunk)}-[hash].js`,
    experimentalMinChunkSize: 1024,
  },
  plugins: [
    cleanDist,
    withoutWebTransport,
    nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
    terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
