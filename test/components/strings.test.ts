import { expect } from '@open-wc/testing';
import { recordingText } from '../../components/shared/call-news.js';
import { germanStrings } from '../../components/strings/de.js';
import { englishStrings } from '../../components/strings/english.js';
import { fill, plural, withOverride } from '../../components/strings/strings.js';

// The strings table's functions, with no element on the page; the elements speaking its words
// are in translated-elements.test.ts.

describe('strings', () => {
  it('fills placeholders once, leaving unknown ones and the values themselves alone', () => {
    expect(fill('{name} joined the call.', { name: 'Ada' })).to.equal('Ada joined the call.');
    expect(fill('{name} and {other}', { name: '{other}' })).to.equal('{other} and {other}');
  });

  it('picks plural forms by the language', () => {
    const { waiting } = englishStrings.recording;
    expect(plural(waiting, 1, 'en', { megabytes: '0.5' })).to.equal('1 part (0.5 MB) waiting to upload.');
    expect(plural(waiting, 3, 'en', { megabytes: '2.0' })).to.equal('3 parts (2.0 MB) waiting to upload.');
    expect(plural(germanStrings.recording.waiting, 1, 'de', { megabytes: '0,5' })).to.equal('1 Teil (0,5 MB) wartet auf das Hochladen.');
    expect(plural(waiting, 2, 'not a language tag!', { megabytes: '1' }), 'a bad tag falls back to other').to.contain('2 parts');
  });

  it('merges an override at any depth over English', () => {
    const merged = withOverride(englishStrings, { status: { idle: 'Ready.' }, soundCheck: { result: { pass: 'Fine!' } } });
    expect(merged.status.idle).to.equal('Ready.');
    expect(merged.status.connected).to.equal('Connected.');
    expect(merged.soundCheck.result.pass).to.equal('Fine!');
    expect(merged.soundCheck.result['too-quiet']).to.equal(englishStrings.soundCheck.result['too-quiet']);
    expect(englishStrings.status.idle, 'English itself is untouched').to.equal('Not in a call.');
  });

  it('says how much of a recording waits, in the numbers of the language', () => {
    const status = { recordingId: 'r', state: 'saving' as const, progress: { pendingChunks: 2, pendingBytes: 1_500_000, offline: false }, error: null };
    expect(recordingText(englishStrings, status as never, 'en')).to.equal('Saving the recording… 2 parts (1.5 MB) waiting to upload.');
    expect(recordingText(germanStrings, status as never, 'de')).to.equal('Aufnahme wird gespeichert… 2 Teile (1,5 MB) warten auf das Hochladen.');
  });
});
