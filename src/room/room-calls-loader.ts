import { CallError } from '../errors.js';
import type { RoomCalls, RoomCallsContext } from './room-calls.js';

// What an engine runs once it is in a room (the calls, their peer connections, the health
// monitors and the recovery ladder) is most of the core, and a page has no use for it until a
// join is under way. It is fetched as one of the join's steps, beside its own round trips (the
// camera opening, signaling connecting, the ICE config), so it costs a join no time and a page
// does not wait for it before it can join. In the CDN build it is a chunk of its own, and so in
// any bundler's build of the package.

type StartRoomCalls = (context: RoomCallsContext) => RoomCalls;

let loaded: StartRoomCalls | null = null;
let loading: Promise<StartRoomCalls> | null = null;

/** Fetches the room's calls; a failed fetch (offline, a CDN path gone) is retried by the next join. */
export function loadRoomCalls(): Promise<StartRoomCalls> {
  loading ??= import('./room-calls.js').then(
    (module) => (loaded = module.startRoomCalls),
    (error: unknown) => {
      loading = null;
      throw new CallError('sdk_unavailable', `Part of the Lifeline SDK could not be fetched: ${String(error)}`, { cause: error });
    },
  );
  return loading;
}

/** Starts the room's calls; a join has fetched them first (`loadRoomCalls()` is one of its steps). */
export function startRoomCalls(context: RoomCallsContext): RoomCalls {
  if (!loaded) throw new CallError('invalid_state', 'The room calls were started before they were fetched.');
  return loaded(context);
}
