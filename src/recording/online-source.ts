import type { Unsubscribe } from '../emitter.js';

/** Whether the browser believes it has a network, and when that changes. Injected in tests. */
export interface OnlineSource {
  isOnline(): boolean;
  onChange(listener: (online: boolean) => void): Unsubscribe;
}

/** `navigator.onLine` and the window's `online` / `offline` events. */
export const browserOnlineSource: OnlineSource = {
  // Only a definite `false` counts: where there is no navigator, try.
  isOnline: () => globalThis.navigator?.onLine !== false,
  onChange(listener) {
    const online = () => listener(true);
    const offline = () => listener(false);
    globalThis.addEventListener?.('online', online);
    globalThis.addEventListener?.('offline', offline);
    return () => {
      globalThis.removeEventListener?.('online', online);
      globalThis.removeEventListener?.('offline', offline);
    };
  },
};
