/** A listener map: event name -> listener signature. */
// `any`, not `unknown`: a listener's parameters must accept each event's own argument types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ListenerMap = { [event: string]: (...args: any[]) => void };

export type Unsubscribe = () => void;

/**
 * A small typed emitter with no Node polyfill. `on()` returns its own unsubscribe function so
 * owners can keep a list of them and dispose everything in one call.
 */
export class Emitter<L extends ListenerMap> {
  private readonly listeners = new Map<keyof L, Set<L[keyof L]>>();

  on<E extends keyof L>(event: E, listener: L[E]): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<E extends keyof L>(event: E, ...args: Parameters<L[E]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        // A host's listener must not break the engine's own bookkeeping.
        console.error(`[lifeline] listener for "${String(event)}" threw`, error);
      }
    }
  }

  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  clear(): void {
    this.listeners.clear();
  }
}

/** Calls every unsubscribe function in the list once and empties it. */
export function disposeAll(subscriptions: Unsubscribe[]): void {
  for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
}

/**
 * Re-emits `events` of `source` on `target` with the same arguments, then calls `after` (an
 * owner's state update, say). Returns the subscriptions.
 */
export function forward<T extends ListenerMap, E extends keyof T>(
  source: { on(event: NoInfer<E>, listener: T[E]): Unsubscribe },
  target: Pick<Emitter<T>, 'emit'>,
  events: readonly E[],
  after?: () => void,
): Unsubscribe[] {
  return events.map((event) =>
    source.on(event, ((...args: Parameters<T[E]>) => {
      target.emit(event, ...args);
      after?.();
    }) as T[E]),
  );
}
