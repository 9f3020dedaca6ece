// custom-elements.json as `npm run build` writes it, checked against the elements' own sources:
// whatever an element documents in its JSDoc, or uses in its templates, styles and controllers,
// is in the manifest that IDEs and wrapper generators read; each event carries its class, and
// that class its detail type; what <video-call> and <voice-call> inherit is listed on them.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  classDocTags,
  componentFiles,
  createdEventClasses,
  customPropertiesRead,
  decoratedProperties,
  sourceOf,
  templateParts,
  templateSlots,
} from '../helpers/element-sources.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file) => readFileSync(join(root, file), 'utf8');
const manifest = JSON.parse(read('custom-elements.json'));
const packageJson = JSON.parse(read('package.json'));

const classes = manifest.modules.flatMap((module) =>
  (module.declarations ?? []).filter((declaration) => declaration.kind === 'class').map((declaration) => ({ module: module.path, declaration })),
);
const classNamed = (name) => classes.find(({ declaration }) => declaration.name === name);
const definitions = manifest.modules.flatMap((module) => module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition');

/** The tags the registering files (`components/x/x.ts`) define: `X.define('x')`. */
const registeredTags = readdirSync(join(root, 'components'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'components', entry.name, `${entry.name}.ts`)))
  .flatMap((entry) => [...read(`components/${entry.name}/${entry.name}.ts`).matchAll(/\b\w+\.define\('([^']+)'\)/g)].map(([, tag]) => tag));

/** The element's class and the classes it extends that the package itself defines. */
function classChain(className) {
  const chain = [];
  for (let entry = classNamed(className); entry;) {
    chain.push(entry);
    const superclass = entry.declaration.superclass;
    entry = superclass?.module ? classNamed(superclass.name) : undefined;
  }
  return chain;
}

const eventNameOf = (className) =>
  classNamed(className)
    ?.declaration.members?.find((member) => member.static && member.name === 'eventName')
    ?.default?.slice(1, -1);
const names = (items) => new Set((items ?? []).map((item) => item.name));

test('package.json names the manifest, and the package ships it', () => {
  assert.equal(packageJson.customElements, 'custom-elements.json');
  assert.ok(packageJson.files.includes('custom-elements.json'), 'custom-elements.json in `files`');
});

test('lists every element the package registers, each with its tag on its class', () => {
  assert.deepEqual(definitions.map((definition) => definition.name).sort(), [...registeredTags].sort());
  for (const definition of definitions) assert.equal(classNamed(definition.declaration.name)?.declaration.tagName, definition.name);
});

test('lists every part a shared helper renders, on the elements that can show it', () => {
  // A helper renders some parts for some elements only (the camera toggle, not in <voice-call>),
  // which reading the sources cannot tell apart: each such part is listed on one element at least.
  const listed = new Set(definitions.flatMap((definition) => [...names(classNamed(definition.declaration.name).declaration.cssParts)]));
  for (const definition of definitions) {
    const files = componentFiles(root, sourceOf(classNamed(definition.declaration.name).module));
    for (const name of templateParts(files.map(read).join('\n')).viaHelpers) assert.ok(listed.has(name), `part "${name}", set through a helper`);
  }
});

test('every module it names is a file the package ships', () => {
  const modules = new Set(
    JSON.stringify(manifest)
      .match(/"(?:module|path)":"[^"]+"/g)
      .map((match) => match.split('"')[3]),
  );
  for (const path of modules) {
    assert.ok(existsSync(join(root, path)), `${path} exists after the build`);
    assert.ok(
      packageJson.files.some((folder) => path.startsWith(`${folder}/`)),
      `${path} is in \`files\``,
    );
  }
});

for (const definition of definitions) {
  const tag = definition.name;
  const { module, declaration: element } = classNamed(definition.declaration.name);
  const source = sourceOf(module);
  const files = componentFiles(root, source);
  const text = files.map(read).join('\n');

  describe(`<${tag}>`, () => {
    test('lists what its JSDoc documents', () => {
      const listed = {
        attr: names(element.attributes),
        prop: names(element.members),
        fires: names(element.events),
        csspart: names(element.cssParts),
        cssprop: names(element.cssProperties),
        slot: names(element.slots),
      };
      const documented = classDocTags(read(source), element.name);
      assert.ok(documented.length > 0, `${source} documents ${element.name}`);
      for (const { tag: kind, name } of documented) assert.ok(listed[kind].has(name), `@${kind} ${name}`);
    });

    test('lists every part, slot and custom property its templates and styles use', () => {
      const parts = names(element.cssParts);
      const used = templateParts(text);
      for (const name of used.names) assert.ok(parts.has(name), `part "${name}", set in a template`);
      for (const pattern of used.patterns)
        assert.ok(
          [...parts].some((name) => pattern.test(name)),
          `a part matching ${pattern}`,
        );
      assert.deepEqual(used.unresolved, [], 'every part=${...} is followed to its names');
      const slots = names(element.slots);
      for (const name of templateSlots(text))
        assert.ok(typeof name === 'string' ? slots.has(name) : [...slots].some((slot) => name.test(slot)), `slot "${name}"`);
      const properties = names(element.cssProperties);
      for (const name of customPropertiesRead(text)) assert.ok(properties.has(name), `custom property ${name}`);
    });

    test('lists every event its code fires, each typed by its event class and that class by its detail', () => {
      const events = new Map((element.events ?? []).map((event) => [event.name, event]));
      for (const className of createdEventClasses(text)) {
        const name = eventNameOf(className);
        assert.ok(name, `${className} is in the manifest with its eventName`);
        assert.ok(events.has(name), `event ${name} (${className})`);
      }
      for (const event of events.values()) {
        assert.ok(event.description, `${event.name} has a description`);
        const eventClass = classNamed(event.type?.text);
        assert.ok(eventClass, `${event.name} is typed by an event class (type: ${JSON.stringify(event.type)})`);
        assert.equal(eventNameOf(event.type.text), event.name, `${event.type.text}.eventName`);
        assert.equal(event.type.references?.[0]?.module, eventClass.module, `${event.name}'s type refers to its module`);
        const detail = eventClass.declaration.members.find((member) => member.name === 'detail')?.type?.text;
        assert.ok(detail && detail !== 'Detail', `${event.type.text}'s detail has its own type (${detail})`);
      }
    });

    test("lists every Lit property, as an attribute where it takes one, its base classes' included", () => {
      const chain = classChain(element.name);
      const top = chain.at(-1).declaration.superclass;
      assert.equal(top?.package, 'lit', `the base classes up to LitElement are in the manifest (${top?.name} is not)`);
      const properties = chain.flatMap((entry) => decoratedProperties(read(sourceOf(entry.module))));
      assert.ok(properties.length > 0);
      for (const { field, attribute } of properties) {
        assert.ok(
          element.members.some((member) => member.name === field && member.kind === 'field'),
          `property ${field}`,
        );
        if (attribute)
          assert.ok(
            element.attributes.some((item) => item.name === attribute && item.fieldName === field),
            `attribute ${attribute} -> ${field}`,
          );
        const listed = element.attributes?.find((item) => item.fieldName === field) ?? element.members.find((member) => member.name === field);
        assert.ok(listed.type?.text, `${field} has a type`);
      }
    });
  });
}

test('<video-call> and <voice-call> list what they inherit from CallElement and its base', () => {
  const base = classNamed('CallElement').declaration;
  const shared = [...base.attributes.map((item) => ['attributes', item]), ...base.members.filter((item) => !item.privacy).map((item) => ['members', item])];
  for (const name of ['signaling-url', 'iceConfig', 'theme', 'strings'])
    assert.ok(
      shared.some(([, item]) => item.name === name),
      `CallElement lists ${name}`,
    );
  for (const tag of ['video-call', 'voice-call']) {
    const element = classNamed(definitions.find((definition) => definition.name === tag).declaration.name).declaration;
    assert.equal(element.superclass.name, 'CallElement');
    for (const [kind, inherited] of shared) {
      const item = element[kind].find((entry) => entry.name === inherited.name);
      assert.ok(item, `<${tag}> ${kind} ${inherited.name}`);
      const from = inherited.inheritedFrom?.name ?? 'CallElement';
      assert.equal(item.inheritedFrom?.name, from, `<${tag}> ${inherited.name} inherited from ${from}`);
    }
  }
});
