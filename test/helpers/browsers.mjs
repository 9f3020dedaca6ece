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
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // Headless Firefox on a machine without a sound card never starts an AudioContext (resume()
  // never settles); cubeb's mock backend lets Web Audio run, so microphones can be metered.
  'media.cubeb.force_mock_context': true,
};
