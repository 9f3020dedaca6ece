import { expect } from '@open-wc/testing';
import { recordingText } from '../../components/shared/recording-indicator.js';
import { germanStrings } from '../../components/strings/de.js';
import { englishStrings } from '../../components/strings/english.js';
import { deviceRecoveryText, recoveryText } from '../../components/strings/resolve-strings.js';
import { fill, plural, withOverride } from '../../components/strings/strings.js';
import { TRACK_KINDS, type DeviceRecoveryEvent, type RecoveryReason, type RecoveryStep } from '../../src/index.js';

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

// The members of the core's code unions, each written once: the compiler rejects a list that
// misses one or names one that does not exist, so a new code fails here until it has words.
const every = <T extends string>(members: Record<T, true>) => Object.keys(members) as T[];
const STEPS = every<RecoveryStep>({
  healthy: true,
  suspect: true,
  degraded: true,
  'ice-restart': true,
  'full-restart': true,
  'waiting-for-network': true,
  ended: true,
});
const REASONS = every<RecoveryReason>({
  recovered: true,
  'media-stalled': true,
  'connection-disconnected': true,
  'connection-failed': true,
  'peer-unreachable': true,
  'signaling-lost': true,
  offline: true,
  'restart-requested': true,
  'network-lost': true,
  'peer-lost': true,
  'media-unrecoverable': true,
});
const ACTIONS = every<DeviceRecoveryEvent['action']>({ switched: true, stopped: true, restored: true });
const TABLES = { english: englishStrings, german: germanStrings };

describe("the core's codes in words", () => {
  it('has a sentence for every recovery step with every reason, in each built-in language', () => {
    for (const [language, table] of Object.entries(TABLES)) {
      for (const step of STEPS) {
        expect(table.recovery[step], `${language} ${step}`).to.be.a('string').and.not.equal('');
        for (const reason of REASONS) expect(recoveryText(table, { step, reason }), `${language} ${step}:${reason}`).to.match(/^[^{}]+$/);
      }
    }
  });

  it('says a recovery step by its reason where the reason changes what to do, else by the step', () => {
    expect(recoveryText(englishStrings, { step: 'healthy', reason: 'recovered' })).to.equal('Connection restored.');
    expect(recoveryText(englishStrings, { step: 'waiting-for-network', reason: 'offline' })).to.equal('You are offline. Waiting for the network to come back…');
    expect(recoveryText(englishStrings, { step: 'waiting-for-network', reason: 'signaling-lost' })).to.equal(
      'Connection lost. Waiting for the network to come back…',
    );
    expect(recoveryText(englishStrings, { step: 'ended', reason: 'network-lost' })).to.equal('Connection lost. Please check your internet connection.');
    expect(recoveryText(englishStrings, { step: 'ended', reason: 'media-unrecoverable' })).to.equal('The call could not be reconnected.');
    expect(recoveryText(germanStrings, { step: 'ended', reason: 'peer-lost' })).to.equal('Die Verbindung der anderen Person ist verloren gegangen.');
    const host = withOverride(englishStrings, { recovery: { 'ice-restart': 'Hold on…', 'ended:peer-lost': 'Your advisor lost the connection.' } });
    expect(recoveryText(host, { step: 'ice-restart', reason: 'connection-failed' })).to.equal('Hold on…');
    expect(recoveryText(host, { step: 'ended', reason: 'peer-lost' })).to.equal('Your advisor lost the connection.');
    expect(recoveryText(host, { step: 'ended', reason: 'media-unrecoverable' })).to.equal('The call could not be reconnected.');
  });

  it('has a sentence for every device action, kind and reason, in each built-in language', () => {
    const device = { id: 'd', kind: 'camera' as const, label: 'USB device', groupId: '' };
    for (const [language, table] of Object.entries(TABLES)) {
      for (const action of ACTIONS) {
        for (const kind of TRACK_KINDS) {
          for (const code of [undefined, 'media_device_lost', 'media_not_allowed'] as const) {
            const text = deviceRecoveryText(table, { kind, action, device: action === 'stopped' ? null : device, code });
            expect(text, `${language} ${action} ${kind} ${code}`).to.match(/^[^{}]+$/);
            if (action !== 'stopped') expect(text, `${language} ${action} names the device in use`).to.contain('USB device');
          }
        }
      }
    }
  });

  it('fills the device news with the kind of device and its name, never re-reading the name', () => {
    const device = (label: string) => ({ id: 'd', kind: 'camera' as const, label, groupId: '' });
    expect(deviceRecoveryText(englishStrings, { kind: 'video', action: 'switched', device: device('Laptop camera') })).to.equal(
      'Your camera stopped working; switched to Laptop camera.',
    );
    expect(deviceRecoveryText(englishStrings, { kind: 'audio', action: 'restored', device: device('Headset') })).to.equal(
      'Your microphone is back: using Headset.',
    );
    expect(deviceRecoveryText(englishStrings, { kind: 'audio', action: 'stopped', device: null, code: 'media_device_lost' })).to.equal(
      'Your microphone was disconnected and no other microphone is available. The others cannot hear you; plug one in and it will be used.',
    );
    expect(deviceRecoveryText(englishStrings, { kind: 'video', action: 'stopped', device: null, code: 'media_not_allowed' })).to.equal(
      "Access to the camera was blocked. Allow it in the browser's site settings (the icon beside the address), then try again.",
    );
    expect(deviceRecoveryText(germanStrings, { kind: 'video', action: 'switched', device: device('USB-Kamera') })).to.equal(
      'Ihr Gerät (Kamera) funktioniert nicht mehr; gewechselt zu USB-Kamera.',
    );
    expect(deviceRecoveryText(englishStrings, { kind: 'video', action: 'restored', device: device('{device}') })).to.equal(
      'Your camera is back: using {device}.',
    );
  });
});
