import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readFileSync, rmSync } from 'node:fs';

// `tsc` compiles to build/ first; rollup bundles the SDK, the elements, lit and socket.io-client
// into the CDN build: dist/lifeline.min.js, the one module a page loads, and beside it in
// dist/chunks/ what it loads on first use with `import()` (recording, <sound-check>,
// <ice-probe>, the ICE probe, each translation). Chunks import each other by relative paths,
// so the files work from any folder or CDN path as long as they stay together.
// Parts of the dependencies that Lifeline never uses, left out of the build:
// - engine.io-client's WebTransport transport: the client asks for WebSocket, then long-polling
//   (for proxies that block WebSockets), and the reference server offers no HTTP/3 (0.8 KB).
// - socket.io-parser's binary packets: Lifeline's signaling is JSON, validated field by field,
//   and its server never emits binary, so every packet is plain (0.5 KB).
const UNUSED = {
  '/engine.io-client/build/esm/transports/webtransport.js': 'export class WT {}',
  '/socket.io-parser/build/esm/is-binary.js': 'export const isBinary = () => false; export const hasBinary = () => false;',
  '/socket.io-parser/build/esm/binary.js':
    "const unused = () => { throw new Error('Lifeline sends and receives no binary Socket.IO packets'); }; export { unused as deconstructPacket, unused as reconstructPacket };",
};
const withoutUnused = {
  name: 'lifeline-without-unused',
  load: (id) => Object.entries(UNUSED).find(([path]) => id.replaceAll('\\', '/').endsWith(path))?.[1] ?? null,
};

// engine.io-client's long-polling transport, the fallback for proxies that refuse WebSocket, is
// fetched only when a connection falls back to it (1.4 KB of the eager load): its table of
// transports is replaced by one whose `polling` is a stand-in that imports the real one then
// (scripts/rollup/engine-io-transports.js says how). The real one is re-exported, unused, by
// engine.io-client's index: it is marked free of side effects so that re-export keeps none of it up front.
const lazyLongPolling = {
  name: 'lifeline-lazy-long-polling',
  load(id) {
    const path = id.replaceAll('\\', '/');
    if (path.endsWith('/engine.io-client/build/esm/transports/index.js')) return readFileSync('scripts/rollup/engine-io-transports.js', 'utf8');
    if (path.endsWith('/engine.io-client/build/esm/transports/polling-xhr.js')) return { code: readFileSync(id, 'utf8'), moduleSideEffects: false };
    return null;
  },
};

// The elements' stylesheets (lit's css`` literals) ship without their indentation and line
// breaks: terser leaves template text alone, and they are about 0.4 KB of the eager load's gzip.
// Only whitespace around line breaks and braces and semicolons goes, never inside a line, so
// selectors (`a :hover` vs `a:hover`) and quoted text keep their meaning.
const compactCss = {
  name: 'lifeline-compact-css',
  transform(code, id) {
    if (!id.replaceAll('\\', '/').includes('/build/components/')) return null;
    const compact = code.replace(
      /\bcss\s*`([^`]*)`/g,
      (_, text) =>
        `css\`${text
          .replace(/\s*\n\s*/g, ' ')
          .replace(/\s*([{};])\s*/g, '$1')
          .trim()}\``,
    );
    // The same lines and columns up to each literal: the source maps stay close enough to attribute bytes.
    return compact === code ? null : { code: compact, map: null };
  },
};

// Chunk names carry a hash of their content: clear dist/ so the last build's chunks do not linger.
const cleanDist = { name: 'lifeline-clean-dist', buildStart: () => rmSync('dist', { recursive: true, force: true }) };

// A translation's chunk is named after its language (`strings-de`), not just its file (`de`), and
// engine.io-client's long-polling after what it is.
const chunkName = ({ name, facadeModuleId }) => {
  if (facadeModuleId?.includes('/components/strings/')) return `strings-${name}`;
  return facadeModuleId?.replaceAll('\\', '/').endsWith('/transports/polling-xhr.js') ? 'long-polling' : name;
};

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
    withoutUnused,
    lazyLongPolling,
    compactCss,
    nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
    terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
