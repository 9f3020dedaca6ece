// Launch options for Debian's Chromium and Firefox ESR with fake camera and microphone, shared
// by the web-test-runner config, the end-to-end tests and the benchmarks.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  // Three fake cameras (and Chromium's three fake microphones), so device switching runs on real
  // devices. The second is a depth camera (16-bit grey) that WebRTC sends nothing of: tests use the third.
  '--use-fake-device-for-media-stream=device-count=3',
  '--autoplay-policy=no-user-gesture-required',
];

export const firefoxPrefs = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // Firefox never sends to a loopback address otherwise, and the tests' coturn listens on one.
  'media.peerconnection.ice.loopback': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

/**
 * For the tests that meter a microphone. Headless Firefox on a machine without a sound card
 * never starts an AudioContext (resume() never settles); cubeb's mock backend lets Web Audio
 * run. Calls keep the real backend: with the mock one, a rebuilt peer connection in Firefox now
 * and then carried no media at all (2 runs in 6 of the full-restart test), which no user sees.
 */
export const firefoxWebAudioPrefs = { ...firefoxPrefs, 'media.cubeb.force_mock_context': true };
