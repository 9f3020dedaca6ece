// Plugins for @custom-elements-manifest/analyzer (custom-elements-manifest.config.mjs): each fills
// in a fact the analyzer cannot read from our code by itself, from that code, so that nothing in
// custom-elements.json is written twice by hand.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

const CONVERTER_TYPES = { Number: 'number', Boolean: 'boolean', String: 'string' };

/**
 * `@property({ type: Number }) timeout = DEFAULT_TIMEOUT` has no type the analyzer can infer from
 * its initializer; Lit's converter says what it is.
 */
export function converterTypesPlugin() {
  return {
    name: 'lifeline-converter-types',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const classDoc = moduleDoc.declarations.find((declaration) => declaration.name === node.name.text);
      for (const member of node.members) {
        const type = converterType(ts, member);
        if (!type || !member.name) continue;
        const fieldName = member.name.getText();
        const field = classDoc?.members?.find((item) => item.kind === 'field' && item.name === fieldName);
        const attribute = classDoc?.attributes?.find((item) => item.fieldName === fieldName);
        for (const item of [field, attribute]) if (item && !item.type) item.type = { text: type };
      }
    },
  };
}

function converterType(ts, member) {
  for (const modifier of member.modifiers ?? []) {
    const call = ts.isDecorator(modifier) ? modifier.expression : null;
    if (!call || !ts.isCallExpression(call) || call.expression.getText() !== 'property') continue;
    const options = call.arguments.find((arg) => ts.isObjectLiteralExpression(arg));
    const type = options?.properties.find((property) => property.name?.getText() === 'type');
    return type && ts.isPropertyAssignment(type) ? CONVERTER_TYPES[type.initializer.getText()] : undefined;
  }
  return undefined;
}

/**
 * Every event names its class, and every event class its `detail` type. The classes carry
 * `static eventName`, so an `@fires name` line needs no type written beside it; and the analyzer
 * takes `dispatchEvent(new LifelineSoundCheckEvent(result))` for an event named "result", which
 * is put right here by the class's own name.
 */
export function eventTypesPlugin({ baseClass = 'LifelineEvent' } = {}) {
  /** Event class name -> the type argument of `extends LifelineEvent<Detail>`. */
  const detailTypes = new Map();
  return {
    name: 'lifeline-event-types',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const base = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      if (base?.expression.getText() === baseClass && base.typeArguments?.length === 1) {
        detailTypes.set(node.name.text, base.typeArguments[0].getText().replace(/\s+/g, ' '));
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const byEventName = new Map();
      const eventNameOfClass = new Map();
      for (const { module, declaration } of classes(customElementsManifest)) {
        const eventName = declaration.members?.find((member) => member.static && member.name === 'eventName')?.default;
        const literal = eventName?.match(/^(['"`])(.+)\1$/)?.[2];
        if (literal) {
          byEventName.set(literal, { name: declaration.name, module: module.path });
          eventNameOfClass.set(declaration.name, literal);
        }
        const detail = detailTypes.get(declaration.name);
        const detailMember = declaration.members?.find((member) => member.name === 'detail' && !member.static);
        if (detail && detailMember) detailMember.type = { text: detail };
      }
      for (const { declaration } of classes(customElementsManifest)) {
        if (!declaration.events) continue;
        const merged = new Map();
        for (const event of declaration.events) {
          const name = eventNameOfClass.get(event.type?.text) ?? event.name;
          if (!name) continue;
          const entry = merged.get(name) ?? { name };
          entry.description ??= event.description;
          entry.inheritedFrom ??= event.inheritedFrom;
          const eventClass = byEventName.get(name);
          entry.type = eventClass
            ? { text: eventClass.name, references: [{ name: eventClass.name, module: eventClass.module, start: 0, end: eventClass.name.length }] }
            : (entry.type ?? event.type);
          merged.set(name, entry);
        }
        declaration.events = [...merged.values()].map((entry) => Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)));
      }
    },
  };
}

/**
 * The elements register through their base class, `VideoCall.define('video-call')`, which the
 * analyzer does not take for a definition as it takes `customElements.define('video-call',
 * VideoCall)`. Each such call at a module's top level is recorded as the analyzer records its own:
 * a `custom-element-definition` export of the registering module, which the React wrappers are
 * generated from. (`@tagname` on the class gives the class its tag; this says which file registers it.)
 */
export function staticDefineCallsPlugin() {
  return {
    name: 'lifeline-static-define-calls',
    analyzePhase({ ts, node, moduleDoc, context }) {
      if (!ts.isExpressionStatement(node) || !ts.isSourceFile(node.parent)) return;
      const call = node.expression;
      if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return;
      const { expression: target, name } = call.expression;
      const [tag] = call.arguments;
      if (name.text !== 'define' || !ts.isIdentifier(target) || target.text === 'customElements' || !tag || !ts.isStringLiteral(tag)) return;
      const className = target.text;
      const imported = context.imports?.find((entry) => entry.name === className);
      const declaration = imported?.isBareModuleSpecifier
        ? { name: className, package: imported.importPath }
        : { name: className, module: imported ? new URL(imported.importPath, `file:///${moduleDoc.path}`).pathname : moduleDoc.path };
      moduleDoc.exports = [...(moduleDoc.exports ?? []), { kind: 'custom-element-definition', name: tag.text, declaration }];
    },
  };
}

const TOKEN_DESCRIPTION = 'A global design token: set it on any ancestor to restyle every Lifeline element.';

/**
 * The global `--lifeline-*` tokens, with their defaults, read from the shared token sheet that
 * every element includes in its styles: listed on each element so an IDE offers them there, and
 * given their default where the element's JSDoc lists one (its description is kept).
 */
export function designTokensPlugin(tokensFile) {
  return {
    name: 'lifeline-design-tokens',
    packageLinkPhase({ customElementsManifest }) {
      const tokens = readTokens(readFileSync(tokensFile, 'utf8'));
      for (const { declaration } of classes(customElementsManifest)) {
        if (!declaration.tagName) continue;
        declaration.cssProperties ??= [];
        for (const token of tokens) {
          const listed = declaration.cssProperties.find((property) => property.name === token.name);
          if (!listed) declaration.cssProperties.push({ ...token });
          else if (token.default && !listed.default) listed.default = token.default;
        }
      }
    },
  };
}

/** Each `var(--lifeline-name, default)`: the name, and the default up to its closing parenthesis. */
export function readTokens(css) {
  const tokens = new Map();
  for (const match of css.matchAll(/var\(\s*(--lifeline-[\w-]+)\s*(,?)/g)) {
    let fallback = '';
    if (match[2]) {
      const from = match.index + match[0].length;
      let depth = 1;
      let at = from;
      for (; at < css.length && depth > 0; at++) depth += css[at] === '(' ? 1 : css[at] === ')' ? -1 : 0;
      fallback = css.slice(from, at - 1).trim();
    }
    if (!tokens.has(match[1])) tokens.set(match[1], { name: match[1], ...(fallback ? { default: fallback } : {}), description: TOKEN_DESCRIPTION });
  }
  return [...tokens.values()];
}

/**
 * The analyzer reads the TypeScript sources and names them (`components/x.ts`, `/components/x.js`,
 * `./x.js`); the package publishes what tsc emits, so every module path is turned into the
 * `build/` file a tool can open.
 */
export function publishedPathsPlugin() {
  return {
    name: 'lifeline-published-paths',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const source = module.path;
        rewriteModules(module, source);
        module.path = publishedPath(source, source);
      }
    },
  };
}

function rewriteModules(node, source) {
  if (Array.isArray(node)) node.forEach((item) => rewriteModules(item, source));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'module' && typeof value === 'string') node.module = publishedPath(value, source);
      else rewriteModules(value, source);
    }
  }
}

function publishedPath(path, source) {
  const resolved = path.startsWith('.') ? posix.join(posix.dirname(source), path) : path.replace(/^\//, '');
  return resolved.startsWith('components/') ? `build/${resolved.replace(/\.ts$/, '.js')}` : path;
}

function* classes(manifest) {
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) if (declaration.kind === 'class') yield { module, declaration };
  }
}
