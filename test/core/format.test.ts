import { expect } from '@open-wc/testing';
import { checkChunkMs, chooseFormat, extensionOf, timesliceFor } from '../../src/recording/format.js';

// What each browser answers to MediaRecorder.isTypeSupported (as of Chromium 156, Firefox 153
// ESR and Safari 18), and the choice Lifeline makes from it.
const answers = {
  chromium: (type: string) => /^(video\/webm(;codecs=(vp9|vp8)(,opus)?)?|audio\/webm(;codecs=opus)?|video\/mp4.*|audio\/mp4.*)$/.test(type),
  firefox: (type: string) => /^(video\/webm(;codecs=(vp9|vp8)(,opus)?)?|audio\/webm(;codecs=opus)?|audio\/ogg(;codecs=opus)?)$/.test(type),
  safari: (type: string) => /^(video\/mp4(;codecs=avc1\.42E01E(,mp4a\.40\.2)?)?|audio\/mp4(;codecs=mp4a\.40\.2)?)$/.test(type),
};

describe('recording format choice', () => {
  it('takes WebM with VP9 and Opus where there is one, MP4 with H.264 and AAC in Safari', () => {
    expect(chooseFormat('av', answers.chromium)).to.deep.equal({ mimeType: 'video/webm;codecs=vp9,opus', extension: 'webm' });
    expect(chooseFormat('av', answers.firefox)).to.deep.equal({ mimeType: 'video/webm;codecs=vp9,opus', extension: 'webm' });
    expect(chooseFormat('av', answers.safari)).to.deep.equal({ mimeType: 'video/mp4;codecs=avc1.42E01E,mp4a.40.2', extension: 'mp4' });
  });

  it('asks for video without an audio codec for the composite, and Opus for a voice', () => {
    expect(chooseFormat('video', answers.chromium).mimeType).to.equal('video/webm;codecs=vp9');
    expect(chooseFormat('video', answers.safari).mimeType).to.equal('video/mp4;codecs=avc1.42E01E');
    expect(chooseFormat('audio', answers.firefox)).to.deep.equal({ mimeType: 'audio/webm;codecs=opus', extension: 'webm' });
    expect(chooseFormat('audio', answers.safari)).to.deep.equal({ mimeType: 'audio/mp4;codecs=mp4a.40.2', extension: 'mp4' });
    expect(chooseFormat('audio', (t) => t.startsWith('audio/ogg'))).to.deep.equal({ mimeType: 'audio/ogg;codecs=opus', extension: 'ogg' });
  });

  it('says recording_unsupported when nothing fits, or there is no MediaRecorder', () => {
    expect(() => chooseFormat('av', () => false))
      .to.throw()
      .with.property('code', 'recording_unsupported');
    expect(() => chooseFormat('audio', undefined))
      .to.throw(/no MediaRecorder/)
      .with.property('code', 'recording_unsupported');
  });

  it('names files by container', () => {
    expect(extensionOf('video/mp4;codecs=avc1')).to.equal('mp4');
    expect(extensionOf('audio/ogg')).to.equal('ogg');
    expect(extensionOf('video/webm;codecs=vp8,opus')).to.equal('webm');
  });

  it('always gives MediaRecorder a timeslice, at most a second and at most a quarter of a chunk', () => {
    expect(timesliceFor(30_000)).to.equal(1_000);
    expect(timesliceFor(2_000)).to.equal(500);
    expect(timesliceFor(1_000)).to.equal(250);
  });

  it('refuses a chunk length outside 1 s to 10 min', () => {
    expect(checkChunkMs(30_000)).to.equal(30_000);
    for (const bad of [0, 999, 600_001, Number.NaN]) expect(() => checkChunkMs(bad)).to.throw(/chunkMs/);
  });

  it('matches what this browser really answers', () => {
    const format = chooseFormat('av', MediaRecorder.isTypeSupported.bind(MediaRecorder));
    expect(format.extension).to.equal('webm');
    expect(MediaRecorder.isTypeSupported(format.mimeType)).to.equal(true);
  });
});
