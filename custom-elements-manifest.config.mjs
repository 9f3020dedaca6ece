// `npm run build` writes custom-elements.json with @custom-elements-manifest/analyzer: what IDEs,
// linters and wrapper generators (scripts/generate-react-wrappers.mjs) read about each element.
// Everything in it comes from the classes' own JSDoc and Lit decorators.
import { existsSync, readdirSync } from 'node:fs';
import {
  converterTypesPlugin,
  designTokensPlugin,
  eventTypesPlugin,
  publishedPathsPlugin,
  staticDefineCallsPlugin,
} from './scripts/custom-elements-manifest-plugins.mjs';

// One folder per element; its registering file (`video-call/video-call.ts`) registers the class's
// tag (`VideoCall.define('video-call')`, read by staticDefineCallsPlugin).
const elementFolders = readdirSync('components', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`components/${entry.name}/${entry.name}.component.ts`))
  .map((entry) => entry.name);

export default {
  globs: [
    'components/**/*.component.ts',
    ...elementFolders.map((name) => `components/${name}/${name}.ts`),
    // The base classes (LifelineElement, CallElement): what the elements inherit is listed from them.
    'components/shared/*-element.ts',
    // The event classes, so each event names its class and the class its `detail` type.
    'components/events/*.ts',
  ],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself (`customElements`); left on, the analyzer rewrites that file.
  packagejson: false,
  quiet: true,
  plugins: [staticDefineCallsPlugin(), converterTypesPlugin(), eventTypesPlugin(), designTokensPlugin('components/styles/tokens.ts'), publishedPathsPlugin()],
};
