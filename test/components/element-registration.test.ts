import { expect } from '@open-wc/testing';
import '../../components/video-call/video-call.js';
import { VideoCall } from '../../components/video-call/video-call.component.js';
import { LifelineElement } from '../../components/shared/lifeline-element.js';
import { LIFELINE_VERSION } from '../../src/index.js';

// Every tag is registered through LifelineElement.define: a second copy of the SDK on the page
// (another version, or the same one bundled twice) finds the tag taken, leaves it, and says so.

/** A tag no other test registers, so each test starts from an empty registry for it. */
let count = 0;
const freshTag = () => `lifeline-registration-${Date.now()}-${count++}`;

describe('element registration', () => {
  const originalWarn = console.warn;
  let warnings: unknown[][] = [];

  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
  });

  afterEach(() => {
    console.warn = originalWarn;
  });

  it('registers a free tag', () => {
    class Probe extends LifelineElement {}
    const tag = freshTag();
    Probe.define(tag);
    expect(customElements.get(tag)).to.equal(Probe);
    expect(warnings).to.deep.equal([]);
  });

  it('does nothing, silently, when the same class owns the tag already', () => {
    expect(customElements.get('video-call'), 'registered by importing video-call.js').to.equal(VideoCall);
    VideoCall.define('video-call');
    expect(customElements.get('video-call')).to.equal(VideoCall);
    expect(warnings).to.deep.equal([]);
  });

  it('leaves a tag another copy owns to it, and warns naming the tag and both versions', () => {
    // Another copy of the SDK, from another release, registered its own class first.
    class OlderCopy extends LifelineElement {
      static override readonly lifelineVersion = '0.0.1-other';
    }
    class Probe extends LifelineElement {}
    const tag = freshTag();
    OlderCopy.define(tag);
    expect(() => Probe.define(tag)).not.to.throw();
    expect(customElements.get(tag), 'the first registration stays').to.equal(OlderCopy);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0][0])).to.contain(`<${tag}>`).and.to.contain('Lifeline 0.0.1-other').and.to.contain(`Lifeline ${LIFELINE_VERSION}`);
  });

  it('leaves <video-call> to the class that owns it when a second copy defines its own', () => {
    class SecondCopy extends VideoCall {
      static override readonly lifelineVersion = '0.0.2-second';
    }
    SecondCopy.define('video-call');
    expect(customElements.get('video-call')).to.equal(VideoCall);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0][0])).to.contain('<video-call>').and.to.contain(`Lifeline ${LIFELINE_VERSION}`).and.to.contain('Lifeline 0.0.2-second');
  });

  it('says the version is unknown when the owner is not a Lifeline class', () => {
    const tag = freshTag();
    customElements.define(tag, class extends HTMLElement {});
    class Probe extends LifelineElement {}
    Probe.define(tag);
    expect(customElements.get(tag)).not.to.equal(Probe);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0][0])).to.contain(`<${tag}>`).and.to.contain('an unknown version');
  });
});
