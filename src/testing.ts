// Test and demo aids, kept out of the SDK's bundle: two engines in one page without a server
// (unit tests, demos, the starting point of a postMessage bridge).
export { MemoryTransport, createMemoryTransportPair } from './signaling/memory-transport.js';
