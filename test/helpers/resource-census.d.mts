// Types of resource-census.mjs, which the leak bench's page loads as plain JS and the leak test imports.
export interface Census {
  peerConnections: number;
  tracks: number;
  sockets: number;
  audioContexts: number;
  workers: number;
  timers: number;
  /** Listeners the SDK added to window, document or navigator.mediaDevices. */
  globalListeners: number;
  /** Where each pending SDK timer or global listener was started. */
  sources: string[];
}
export declare function installResourceCensus(options: { sdkFrames: RegExp }): void;
export declare function census(): Census;
/** What `now` holds beyond `before`: each count's excess, and the sources `before` did not have. */
export declare function censusBeyond(now: Census, before: Census): Census;
export declare function nothingBeyond(open: Census): boolean;
