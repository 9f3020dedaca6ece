// Types of leak-cycles.mjs, which the leak bench's page loads as plain JS and the leak test imports.
import type { CallEngine, CallEngineOptions, RecordingSession, recordingDelivery } from '../../src/index.js';
import type { Census } from './resource-census.mjs';

export type LeakSubject = 'engine' | 'video-call' | 'voice-call';
export declare const LEAK_SUBJECTS: LeakSubject[];
export interface LeakFigures {
  cycles: number;
  msPerCycle: number;
  /** The census during the last call. */
  inCall: Census;
  /** Beyond what the page held before the first cycle. */
  open: Census;
  settledMs: number;
  /** Recordings still going after their call ended. */
  recordingsRunning: number;
  heapGrowth: number | null;
}
export declare function runLeakCycles(options: {
  subject: LeakSubject;
  cycles: number;
  room: string;
  signalingUrl: string;
  CallEngine: new (options: CallEngineOptions) => CallEngine;
  RecordingSession: typeof RecordingSession;
  recordingDelivery: typeof recordingDelivery;
  heap: () => Promise<number | null>;
  settleMs?: number;
  stepTimeoutMs?: number;
}): Promise<LeakFigures>;
