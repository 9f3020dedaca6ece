import type { CallEngine } from '../call-engine.js';
import { disposeAll, type Unsubscribe } from '../emitter.js';
import type { CallParticipantMedia } from './call-recorder.js';

/**
 * Everyone in the engine's call as a recorder sees them: this side first, then the others in
 * join order, then the screens shared (this side's first), flagged as screens.
 */
export function callParticipants(engine: CallEngine): CallParticipantMedia[] {
  const remote = engine.remoteStreams;
  const others = [...engine.participants].sort((a, b) => a.joinSeq - b.joinSeq);
  const remoteScreens = engine.remoteScreens;
  const screens = [
    ...(engine.screenStream ? [{ id: engine.participantId, name: engine.displayName, stream: engine.screenStream }] : []),
    ...others.flatMap((p) => (remoteScreens.has(p.id) ? [{ id: p.id, name: p.name, stream: remoteScreens.get(p.id)! }] : [])),
  ];
  return [
    { id: engine.participantId, name: engine.displayName, stream: engine.localStream },
    ...others.map((p) => ({ id: p.id, name: p.name, stream: remote.get(p.id) ?? null })),
    // '#' is in no participant id, so a screen's tile never takes its sharer's place.
    ...screens.map((s) => ({ ...s, id: `${s.id}#screen`, screen: true })),
  ];
}

/**
 * Keeps `apply` told of who is in the call and what media they have, as people join and leave,
 * streams arrive and connections are rebuilt. Returns the function that stops it.
 */
export function followCallParticipants(engine: CallEngine, apply: (participants: CallParticipantMedia[]) => void): Unsubscribe {
  const update = () => apply(callParticipants(engine));
  const subscriptions = (
    [
      'local-stream',
      'remote-stream-added',
      'remote-stream-removed',
      'participant-joined',
      'participant-left',
      'participant-updated',
      'screen-share',
      'remote-screen-added',
      'remote-screen-removed',
    ] as const
  ).map((event) => engine.on(event, update));
  update();
  return () => disposeAll(subscriptions);
}
