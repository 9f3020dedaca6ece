// Reads what an element's TypeScript sources document and use, by the plain patterns our
// elements are written in, for checking custom-elements.json against them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The source behind a published module path: `build/components/x.js` -> `components/x.ts`. */
export function sourceOf(publishedPath) {
  return publishedPath.replace(/^build\//, '').replace(/\.js$/, '.ts');
}

/**
 * The file and every file under `components/` it imports, directly or not: where an element's
 * templates, styles and the controllers that fire its events live.
 */
export function componentFiles(root, entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|import)\s+'(\.[^']+)\.js'/g)) {
      const target = relative(root, join(root, dirname(file), `${specifier}.ts`));
      if (target.startsWith('components/') && existsSync(join(root, target))) visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

/** The JSDoc block right before `export class Name`, its tags as `{ tag, name }`. */
export function classDocTags(text, className) {
  const at = text.search(new RegExp(`export (?:abstract )?class ${className}\\b`));
  const start = text.lastIndexOf('/**', at);
  if (at < 0 || start < 0 || text.slice(text.indexOf('*/', start), at).trim() !== '*/') return [];
  const doc = text.slice(start, at);
  return [...doc.matchAll(/@(attr|prop|fires|csspart|cssprop|slot)\s+(?:\{[^}]*\}\s+)?([\w-]+)/g)].map(([, tag, name]) => ({ tag, name }));
}

/**
 * Part names a template sets: `part="a b"` (`names`); `part=${`${kind}-select`}` as a pattern
 * (`/^.+-select$/`) for names made at run time; and `part=${name}`, where `name` is a parameter
 * of a helper, as the string literals its callers pass (`toggle('mute-button', ...)`), which a
 * shared helper may render for some elements only (`viaHelpers`). `unresolved` lists the
 * `part=${...}` it could not follow.
 */
export function templateParts(text) {
  const names = [...text.matchAll(/\spart="([^"$]+)"/g)].flatMap(([, value]) => value.trim().split(/\s+/));
  // A template literal may hold several part names (`icon icon-${name}`): fixed ones are names, the others patterns.
  const tokens = [...text.matchAll(/\spart=\$\{`([^`]+)`\}/g)].flatMap(([, value]) => value.trim().split(/\s+/));
  names.push(...tokens.filter((token) => !token.includes('${')));
  const patterns = tokens
    .filter((token) => token.includes('${'))
    .map(
      (value) =>
        new RegExp(
          `^${value
            .split(/\$\{[^}]+\}/)
            .map(escapeRegExp)
            .join('.+')}$`,
        ),
    );
  const viaHelpers = [];
  const unresolved = [];
  for (const [, variable] of text.matchAll(/\spart=\$\{(\w+)\}/g)) {
    const passed = argumentsPassedAs(text, variable);
    if (passed.length === 0) unresolved.push(variable);
    viaHelpers.push(...passed);
  }
  return { names, patterns, viaHelpers, unresolved };
}

/** The string literals passed to each `function f(..., variable, ...)` at that parameter's place. */
function argumentsPassedAs(text, variable) {
  const literals = [];
  for (const [, helper, parameters] of text.matchAll(/function (\w+)\(([^)]*)\)/g)) {
    const at = parameters
      .split(',')
      .map((parameter) => parameter.trim().split(/[\s:=?]/)[0])
      .indexOf(variable);
    if (at < 0) continue;
    for (const [, args] of text.matchAll(new RegExp(`\\b${helper}\\(([^)]*)\\)`, 'g'))) {
      const passed = args.split(',')[at];
      const literal = passed?.trim().match(/^'([\w-]+)'$/)?.[1];
      if (literal) literals.push(literal);
    }
  }
  return literals;
}

/** Slot names a template renders (`''` for the default slot), and a pattern for each name made in a template literal (`icon-${name}`). */
export function templateSlots(text) {
  return [...text.matchAll(/<slot\b([^>]*)>/g)].map(([, attributes]) => {
    const made = attributes.match(/\sname=\$\{`([^`]+)`\}/)?.[1];
    if (made)
      return new RegExp(
        `^${made
          .split(/\$\{[^}]+\}/)
          .map(escapeRegExp)
          .join('.+')}$`,
      );
    return attributes.match(/\sname="([^"]+)"/)?.[1] ?? '';
  });
}

/** Classes of the events the code creates (`new LifelineStateChangeEvent(`). */
export function createdEventClasses(text) {
  return [...text.matchAll(/new (Lifeline\w+Event)\(/g)].map(([, name]) => name);
}

/** `--lifeline-*` custom properties the styles read. */
export function customPropertiesRead(text) {
  return [...text.matchAll(/var\(\s*(--lifeline-[\w-]+)/g)].map(([, name]) => name);
}

/**
 * Lit reactive properties declared with `@property(...)`: the field, and the attribute it takes
 * (Lit's default is the field name lowercased; `attribute: false` takes none).
 */
export function decoratedProperties(text) {
  return [...text.matchAll(/@property\(([^)]*)\)\s+(?:(?:public|protected|override|readonly|declare)\s+)*(\w+)/g)].map(([, options, field]) => {
    const attribute = /attribute:\s*false/.test(options) ? null : (options.match(/attribute:\s*'([^']+)'/)?.[1] ?? field.toLowerCase());
    return { field, attribute };
  });
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
