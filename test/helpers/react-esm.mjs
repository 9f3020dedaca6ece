// A web-test-runner plugin that lets test pages import React (`react`, `react-dom/client`).
// React publishes CommonJS only, and the test server compiles each file on its own, so React's
// `require()` calls never become imports a browser can follow. This bundles both into ES modules
// with esbuild, once, on the first request, in memory; code splitting keeps a single copy of
// React shared by the two, as hooks need. A plugin rather than a build step: only the test run
// needs it, nothing is written to disk, and a React upgrade needs no step to re-run.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const SERVED_AT = '/__react-esm';
/** The CommonJS modules served as ES modules, and the file each becomes. */
const MODULES = { react: 'react', 'react-dom/client': 'react-dom-client' };

export function reactAsEsm() {
  let files = null;
  return {
    name: 'lifeline-react-as-esm',
    resolveImport({ source }) {
      if (Object.hasOwn(MODULES, source)) return `${SERVED_AT}/${MODULES[source]}.js`;
    },
    async serve(context) {
      if (!context.path.startsWith(`${SERVED_AT}/`)) return;
      files ??= bundle();
      const body = (await files).get(context.path);
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}

async function bundle() {
  const result = await build({
    entryPoints: Object.entries(MODULES).map(([specifier, file]) => ({ in: `esm-of:${specifier}`, out: file })),
    bundle: true,
    splitting: true,
    format: 'esm',
    write: false,
    outdir: SERVED_AT,
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
    plugins: [
      {
        name: 'esm-of',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^esm-of:/ }, (args) => ({ path: args.path.slice('esm-of:'.length), namespace: 'esm-of' }));
          esbuild.onLoad({ filter: /.*/, namespace: 'esm-of' }, (args) => ({ contents: reExport(args.path), resolveDir: process.cwd() }));
        },
      },
    ],
  });
  return new Map(result.outputFiles.map((file) => [file.path, file.text]));
}

/**
 * An ES module with the default and every named export of a CommonJS module: esbuild cannot
 * list a CommonJS module's exports by itself, so they are read by loading it in Node, in a
 * process of its own (React's development build writes to a console the test runner replaces).
 */
function reExport(specifier) {
  const script = `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
  const exported = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  const names = exported.filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
  return `import module from '${specifier}';\nexport default module;\nexport const { ${names.join(', ')} } = module;\n`;
}
