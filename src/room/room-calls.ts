import { CallError } from '../errors.js';
import { disposeAll, forward } from '../emitter.js';
import type { TrackKind } from '../media/device-kinds.js';
import type { IceConfigSource } from '../peer/ice-config-source.js';
import { CallRecovery } from './call-recovery.js';
import { NetworkWatch } from '../recovery/network-watch.js';
import type { RecoveryPolicy } from '../recovery/policy.js';
import type { EndReason, OutgoingMessage } from '../signaling/protocol.js';
import type { TransportStatus } from '../signaling/transport.js';
import { CallManager } from './call-manager.js';
import type { RoomEventSink } from './room-events.js';
import type { Participant } from './roster.js';
import { ScreenShare, type DisplayMediaSource } from './screen-share.js';
import type { JoinAccess } from '../signaling/transport.js';

// What an engine runs while it is in a room: the calls with the others, each call's recovery
// ladder, and the watch on this side's network, wired to the engine's events.

export interface RoomCallsContext {
  send(message: OutgoingMessage): void;
  ice: IceConfigSource;
  /** What the calls send, already cut to what this participant may publish. */
  localStream: MediaStream | null;
  sendKinds: TrackKind[];
  /** What this participant may send (null: everything); a screen share needs `screen`. */
  publish: JoinAccess['publish'];
  /** The host's device layer, which may capture screens too; the browser's otherwise. */
  mediaDevices: DisplayMediaSource | undefined;
  /** The stream id a remote participant announced as its screen, if any. */
  screenOf(participantId: string): string | null;
  /** Tells the room this side's presence again. */
  announce(): void;
  displayName: string;
  ringTimeoutMs: number;
  autoAccept: boolean;
  policy: RecoveryPolicy;
  transportStatus(): TransportStatus;
  emitter: RoomEventSink;
  /** The engine's state may have changed. */
  update(): void;
  accept(participantId: string): void;
  decline(participantId: string): void;
  /** A failure the host should hear of: the engine's `error` event. */
  emitError(error: CallError): void;
  /** No network for the policy's give-up time: the engine ends. */
  networkLost(error: CallError): void;
}

export interface RoomCalls {
  calls: CallManager;
  recovery: CallRecovery;
  network: NetworkWatch;
  /** This side's shared screen and the others'. */
  screen: ScreenShare;
  /** The remote stream of each participant whose media has arrived. */
  remoteStreams(): Map<string, MediaStream>;
  /** The peer connection to each remote participant, for diagnostics (`getStats`). */
  peerConnections(): Map<string, RTCPeerConnection>;
  /** Direct mode: rings a participant in the room (undefined: not in it); resolves when they answer. */
  ring(participantId: string, participant: Participant | undefined): Promise<void>;
  accept(participantId: string): void;
  /** Ends the call with one participant, or with everyone, telling them. */
  hangUp(participantId?: string, reason?: EndReason): void;
  /** Ends every call and stops watching. */
  stop(): void;
}

export function startRoomCalls(context: RoomCallsContext): RoomCalls {
  const { ice, emitter, update } = context;
  const calls = new CallManager({
    send: context.send,
    rtcConfiguration: () => ice.rtcConfiguration,
    freshenIce: () => ice.freshen(),
    localStream: context.localStream,
    sendKinds: context.sendKinds,
    displayName: context.displayName,
    video: context.sendKinds.includes('video'),
    ringTimeoutMs: context.ringTimeoutMs,
    autoAccept: context.autoAccept,
  });
  const recovery = new CallRecovery(calls, context.policy);
  const screen = new ScreenShare({
    calls,
    mediaDevices: context.mediaDevices,
    publish: context.publish,
    screenOf: context.screenOf,
    announce: context.announce,
    emitter,
  });
  const network = new NetworkWatch(context.transportStatus, (up, loss) => recovery.setNetwork(up, loss));
  const subscriptions = [
    ...forward(calls, emitter, ['remote-stream-added', 'remote-stream-removed', 'incoming-call-cancelled']),
    ...forward(calls, emitter, ['peer-state', 'call-ended'], update),
    ...forward(recovery, emitter, ['quality']),
    ...forward(recovery, emitter, ['recovery'], update),
    calls.on('incoming-call', (info) =>
      emitter.emit('incoming-call', { ...info, accept: () => context.accept(info.participantId), decline: () => context.decline(info.participantId) }),
    ),
    calls.on('error', context.emitError),
    // Without any network for the policy's give-up time: every call ends, and the engine with them.
    recovery.on('network-lost', () => context.networkLost(new CallError('connection_lost', 'Connection lost. Please check your internet connection.'))),
  ];
  return {
    calls,
    recovery,
    network,
    screen,
    remoteStreams: () => new Map(calls.all().flatMap((call) => (call.peer?.remoteStream ? [[call.remoteId, call.peer.remoteStream] as const] : []))),
    peerConnections: () => new Map(calls.all().flatMap((call) => (call.peer ? [[call.remoteId, call.peer.pc] as const] : []))),
    ring(participantId, participant) {
      if (!participant) return Promise.reject(new CallError('peer_not_found', `${participantId} is not in the room.`));
      const ringing = calls.call(participantId, participant.name);
      update();
      return ringing;
    },
    accept(participantId) {
      calls.accept(participantId);
      update();
    },
    hangUp(participantId, reason) {
      for (const id of participantId ? [participantId] : calls.all().map((c) => c.remoteId)) calls.hangUp(id, reason);
    },
    stop() {
      screen.dispose();
      network.dispose();
      recovery.dispose();
      calls.closeAll();
      disposeAll(subscriptions);
    },
  };
}
