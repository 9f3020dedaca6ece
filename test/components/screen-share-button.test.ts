import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VideoCall, VoiceCall } from '../../components/index.js';
import { germanStrings } from '../../components/strings/de.js';
import { part } from '../helpers/shadow-parts.js';

// The share button is there only where the browser can share a screen: phones have no
// getDisplayMedia, and a button that can only fail is worse than none.

describe('screen share button', () => {
  it('is in the video call’s control bar where getDisplayMedia exists, named and not pressed', async () => {
    const el = await fixture<VideoCall>(html`<video-call></video-call>`);
    const button = part(el, 'screen-share-button')!;
    expect(button.textContent!.trim()).to.equal('Share screen');
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    // Out of a call, like the other toggles.
    expect(button.hasAttribute('disabled')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('is absent where getDisplayMedia is missing (a phone)', async () => {
    const own = Object.getOwnPropertyDescriptor(navigator.mediaDevices, 'getDisplayMedia');
    Object.defineProperty(navigator.mediaDevices, 'getDisplayMedia', { value: undefined, configurable: true });
    try {
      const el = await fixture<VideoCall>(html`<video-call></video-call>`);
      expect(part(el, 'controls')).not.to.equal(null);
      expect(part(el, 'camera-button')).not.to.equal(null);
      expect(part(el, 'screen-share-button')).to.equal(null);
    } finally {
      if (own) Object.defineProperty(navigator.mediaDevices, 'getDisplayMedia', own);
      else delete (navigator.mediaDevices as unknown as Record<string, unknown>).getDisplayMedia;
    }
    expect(typeof navigator.mediaDevices.getDisplayMedia).to.equal('function');
  });

  it('is not offered by the voice call', async () => {
    const el = await fixture<VoiceCall>(html`<voice-call></voice-call>`);
    expect(part(el, 'screen-share-button')).to.equal(null);
  });

  it('says it in German with the German strings', async () => {
    const el = await fixture<VideoCall>(html`<video-call .strings=${germanStrings}></video-call>`);
    expect(part(el, 'screen-share-button')!.textContent!.trim()).to.equal('Bildschirm teilen');
  });
});
