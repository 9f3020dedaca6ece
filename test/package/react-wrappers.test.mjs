// The React wrappers as `npm run build` writes them (build/react/): one per element of
// custom-elements.json, an `onX` prop for each of its events typed by the event's class, and
// nothing in them but what the generator makes of the current manifest. What they do in React is
// tested in the browsers (test/components/react-wrappers.test.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { elementsOf, eventProp, REACT_DIR, reactWrapperFiles } from '../../scripts/generate-react-wrappers.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
const written = (name) => readFileSync(join(root, REACT_DIR, name), 'utf8');

test('event names become onX props', () => {
  assert.equal(eventProp('lifeline-state-change'), 'onLifelineStateChange');
  assert.equal(eventProp('lifeline-ice-probe'), 'onLifelineIceProbe');
});

test('the build wrote exactly what the generator makes of the current manifest', () => {
  const expected = reactWrapperFiles(manifest);
  assert.deepEqual(readdirSync(join(root, REACT_DIR)).sort(), [...expected.keys()].sort());
  for (const [name, contents] of expected) assert.equal(written(name), contents, name);
});

test('a wrapper per element, each event an onX prop typed by its class', () => {
  const elements = elementsOf(manifest);
  assert.deepEqual(elements.map((element) => element.tag).sort(), ['ice-probe', 'sound-check', 'video-call', 'voice-call']);
  for (const { tag, className, events } of elements) {
    assert.match(written('index.js'), new RegExp(`export \\{ ${className} \\} from './${tag}.js';`));
    const js = written(`${tag}.js`);
    const dts = written(`${tag}.d.ts`);
    assert.match(js, new RegExp(`tagName: '${tag}'`));
    assert.ok(events.length > 0, `<${tag}> has events`);
    for (const event of events) {
      assert.ok(js.includes(`${event.prop}: '${event.name}',`), `${tag}.js maps ${event.prop} to ${event.name}`);
      assert.ok(dts.includes(`${event.prop}: EventName<${event.type.name}>;`), `${tag}.d.ts types ${event.prop}`);
    }
  }
  const stateChange = elements.find((element) => element.tag === 'video-call').events.find((event) => event.name === 'lifeline-state-change');
  assert.equal(stateChange.prop, 'onLifelineStateChange');
  assert.deepEqual(stateChange.type, { name: 'LifelineStateChangeEvent', module: 'build/components/events/state-change-event.js', start: 0, end: 24 });
});

test('refuses an event the manifest gives no class, rather than typing it as a plain Event', () => {
  const untyped = {
    modules: [
      {
        path: 'x.js',
        declarations: [{ kind: 'class', name: 'X', events: [{ name: 'x-happened' }] }],
        exports: [{ kind: 'custom-element-definition', name: 'x-el', declaration: { name: 'X' } }],
      },
    ],
  };
  assert.throws(() => reactWrapperFiles(untyped), /x-happened names no event class/);
});
