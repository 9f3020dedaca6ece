// The fast tier (`npm run test:unit`): tests of modules that need no server, coturn or second
// browser (the one Chromium's fake camera is there: the WebM test records a second from it). A
// file belongs here only when every test in it does; a file mixing both is split (see
// test/components/strings.test.ts beside translated-elements.test.ts).
export const unitTestFiles = [
  // recovery: the ladder and its policy, link readings, quality
  'test/core/recovery-ladder.test.ts',
  'test/core/health-monitor.test.ts',
  'test/core/stats-sample.test.ts',
  'test/core/quality.test.ts',
  // rooms and signaling
  'test/core/call-state.test.ts',
  'test/core/protocol.test.ts',
  'test/core/room-protocol.test.ts',
  'test/core/screen-share-errors.test.ts',
  'test/core/ice-config-source.test.ts',
  // recording: layout, formats, the outbox and the uploader's retry policy
  'test/core/grid-layout.test.ts',
  'test/core/webm-duration.test.ts',
  'test/core/format.test.ts',
  'test/core/outbox.test.ts',
  'test/core/uploader.test.ts',
  // the elements' pure parts
  'test/components/strings.test.ts',
  'test/components/recovery-banner.test.ts',
  'test/components/element-registration.test.ts',
  'test/components/screen-share-button.test.ts',
  'test/components/tile-focus.test.ts',
];
