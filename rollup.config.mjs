import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

// `tsc` compiles to build/ first; rollup bundles the SDK, every element, lit and
// socket.io-client into one ES module.
export default {
  input: 'build/components/define.js',
  output: { file: 'dist/lifeline.min.js', format: 'es', sourcemap: true },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
    terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
