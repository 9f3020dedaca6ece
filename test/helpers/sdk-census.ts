// Import first in a test file that counts what the SDK leaves open: the census must wrap the
// constructors and timers before any SDK code runs (imports run in order).
import { installResourceCensus } from './resource-census.mjs';

installResourceCensus({
  // The SDK's own files as web-test-runner serves them, and the libraries it brings.
  sdkFrames:
    /https?:\/\/[^/]+\/(src|components)\/|\/node_modules\/(socket\.io-client|engine\.io-client|socket\.io-parser|@socket\.io|lit|lit-html|lit-element|@lit)\//,
});

export { census, censusBeyond, nothingBeyond, type Census } from './resource-census.mjs';
