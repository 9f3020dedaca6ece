// Writes the React wrappers, build/react/ (the package's `lifeline/react`), from
// custom-elements.json: one module per element made with @lit/react's createComponent, with the
// element's properties as typed props and an `onX` prop per event the manifest lists
// (`lifeline-state-change` -> `onLifelineStateChange`), typed by the event's class. `npm run build`
// runs it after the analyzer. They are generated into build/ beside the compiled elements they
// import, not into components/: they are output like the rest of build/, never edited by hand.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';

export const REACT_DIR = 'build/react';
const HEADER = '// Generated from custom-elements.json by scripts/generate-react-wrappers.mjs; do not edit.\n';

/** `lifeline-state-change` -> `onLifelineStateChange`. */
export const eventProp = (eventName) => `on${eventName.replace(/(^|-)(\w)/g, (_, __, letter) => letter.toUpperCase())}`;

/** Every registered element: its tag, class, registering module and events, from the manifest. */
export function elementsOf(manifest) {
  const declarations = new Map(manifest.modules.flatMap((module) => (module.declarations ?? []).map((declaration) => [declaration.name, declaration])));
  return manifest.modules.flatMap((module) =>
    (module.exports ?? [])
      .filter((entry) => entry.kind === 'custom-element-definition')
      .map((entry) => {
        const declaration = declarations.get(entry.declaration.name);
        if (!declaration) throw new Error(`custom-elements.json defines <${entry.name}> but has no class ${entry.declaration.name}`);
        const events = (declaration.events ?? []).map((event) => {
          const type = event.type?.references?.[0];
          if (!type) throw new Error(`<${entry.name}>'s event ${event.name} names no event class in custom-elements.json`);
          return { name: event.name, prop: eventProp(event.name), description: event.description, type };
        });
        return { tag: entry.name, className: declaration.name, summary: declaration.summary, registeringModule: module.path, events };
      }),
  );
}

const relativeImport = (module) => {
  const path = posix.relative(REACT_DIR, module);
  return path.startsWith('.') ? path : `./${path}`;
};
const docComment = (text, indent = '') => (text ? `${indent}/** ${text.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/')} */\n` : '');

function wrapperJs({ tag, className, summary, registeringModule, events }) {
  return `${HEADER}import * as React from 'react';
import { createComponent } from '@lit/react';
// The registering module: a wrapper in use registers its tag (guarded, like every define entry).
import { ${className} as ${className}Element } from '${relativeImport(registeringModule)}';

${docComment(summary)}export const ${className} = /* @__PURE__ */ createComponent({
  react: React,
  tagName: '${tag}',
  elementClass: ${className}Element,
  events: {
${events.map((event) => `    ${event.prop}: '${event.name}',\n`).join('')}  },
  displayName: '${className}',
});
`;
}

function wrapperDts({ className, summary, registeringModule, events }) {
  const byModule = new Map();
  for (const { type } of events) byModule.set(type.module, new Set([...(byModule.get(type.module) ?? []), type.name]));
  const eventImports = [...byModule].map(([module, names]) => `import type { ${[...names].join(', ')} } from '${relativeImport(module)}';\n`);
  return `${HEADER}import type { EventName, ReactWebComponent } from '@lit/react';
import type { ${className} as ${className}Element } from '${relativeImport(registeringModule)}';
${eventImports.join('')}
${docComment(summary)}export declare const ${className}: ReactWebComponent<
  ${className}Element,
  {
${events.map((event) => `${docComment(event.description, '    ')}    ${event.prop}: EventName<${event.type.name}>;\n`).join('')}  }
>;
`;
}

/** File name (under build/react/) -> contents. */
export function reactWrapperFiles(manifest) {
  const elements = elementsOf(manifest);
  const files = new Map();
  for (const element of elements) {
    files.set(`${element.tag}.js`, wrapperJs(element));
    files.set(`${element.tag}.d.ts`, wrapperDts(element));
  }
  const index = HEADER + elements.map(({ tag, className }) => `export { ${className} } from './${tag}.js';\n`).join('');
  files.set('index.js', index);
  files.set('index.d.ts', index);
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  rmSync(REACT_DIR, { recursive: true, force: true });
  mkdirSync(REACT_DIR, { recursive: true });
  for (const [name, contents] of reactWrapperFiles(manifest)) writeFileSync(posix.join(REACT_DIR, name), contents);
}
