import type { Emitter } from '../emitter.js';
import type { PeerState } from '../peer/peer-session.js';
import type { QualityReport, RecoveryEvent } from '../recovery/types.js';
import type { CallEnded } from './call-manager.js';
import type { Participant } from './roster.js';
import type { ScreenShareEvents } from './screen-share.js';

// What the room side of an engine tells hosts: who is in the room, the calls with them and
// their recovery. Part of CallEngineEvents, defined here so that room/ needs nothing of the
// engine's own contract.

export interface IncomingCall {
  participantId: string;
  name: string;
  video: boolean;
  accept(): void;
  decline(): void;
}

export type RoomEvents = ScreenShareEvents & {
  'participant-joined': (participant: Participant) => void;
  'participant-updated': (participant: Participant) => void;
  'participant-left': (participant: Participant) => void;
  'remote-stream-added': (participantId: string, stream: MediaStream) => void;
  'remote-stream-removed': (participantId: string, stream: MediaStream) => void;
  'incoming-call': (call: IncomingCall) => void;
  'incoming-call-cancelled': (participantId: string) => void;
  'call-ended': (ended: CallEnded) => void;
  'peer-state': (participantId: string, state: PeerState) => void;
  /** Every step of a call's recovery ladder, with its reason and time in trouble. */
  recovery: (event: RecoveryEvent) => void;
  /** Each call's link quality, about once a second. */
  quality: (report: QualityReport) => void;
};

/** Where the room side emits: the engine's emitter, seen through the events above. */
export type RoomEventSink = Pick<Emitter<RoomEvents>, 'emit'>;
