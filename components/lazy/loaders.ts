// What the CDN entry loads on first use, each with `import()` of a chunk beside it: recording,
// the diagnostics, and the <voice-call>, <sound-check> and <ice-probe> elements (a page with
// <video-call> need not fetch <voice-call>, and the other way round it costs one small chunk).

/** The recording API (`RecordingSession`, `CallRecorder`, `AssessmentRecorder`, the outbox and uploader). */
export const loadRecording = () => import('./recording.js');

/** The ICE probe (`probeIceServers`, `probeIceServer`) and the sound meter (`SoundMeter`, `levelDb`). */
export const loadDiagnostics = () => import('./diagnostics.js');

const LAZY_ELEMENTS = {
  'voice-call': () => import('../voice-call/voice-call.js'),
  'sound-check': () => import('../sound-check/sound-check.js'),
  'ice-probe': () => import('../ice-probe/ice-probe.js'),
};

/** A tag the CDN entry registers on first use rather than up front. */
export type LazyTag = keyof typeof LAZY_ELEMENTS;
const LAZY_TAGS = Object.keys(LAZY_ELEMENTS) as LazyTag[];

const defining = new Map<LazyTag, Promise<CustomElementConstructor>>();

/**
 * Fetches a lazily registered element's chunk, which registers its tag; resolves to its class.
 * Elements already in the page upgrade then, keeping any property set on them before.
 */
export function defineElement(tag: LazyTag): Promise<CustomElementConstructor> {
  let pending = defining.get(tag);
  if (!pending) {
    pending = LAZY_ELEMENTS[tag]().then(() => customElements.whenDefined(tag));
    // A failed fetch (offline, a CDN hiccup) may be retried by the next element that appears.
    pending.catch(() => defining.delete(tag));
    defining.set(tag, pending);
  }
  return pending;
}

/**
 * Registers every lazily registered tag found in `root` or at it. The entry watches the document
 * (markup, `innerHTML`, `appendChild`, and so every framework that renders into it); a host that
 * renders `<voice-call>`, `<sound-check>` or `<ice-probe>` inside a shadow root of its own passes that root, or
 * calls `defineElement()`.
 */
export function discoverElements(root: ParentNode | Element): Promise<unknown> {
  // Only tags neither registered nor on their way: one query per added subtree, whatever the page does.
  const wanted = LAZY_TAGS.filter((tag) => !customElements.get(tag) && !defining.has(tag));
  if (wanted.length === 0) return Promise.resolve();
  const found = new Set(wanted.filter((tag) => (root as Element).localName === tag));
  for (const element of root.querySelectorAll(wanted.join(','))) found.add(element.localName as LazyTag);
  return Promise.all(
    [...found].map((tag) =>
      defineElement(tag).catch((error: unknown) => {
        console.error(`Lifeline: could not load <${tag}>`, error);
      }),
    ),
  );
}

/** Watches the document for the lazily registered tags until all are registered. */
export function watchDocument(): void {
  void discoverElements(document);
  const observer = new MutationObserver((mutations) => {
    for (const { addedNodes } of mutations) for (const node of addedNodes) if (node.nodeType === Node.ELEMENT_NODE) void discoverElements(node as Element);
    if (LAZY_TAGS.every((tag) => customElements.get(tag))) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** The narrow control bar's "More" menu: its template, keys and styles, on first open. */
export const loadMoreMenu = () => import('../shared/more-menu.js');

/** What `<video-call>` and `<voice-call>` show only in a call (components/shared/in-call.ts), once their join begins. */
export const loadInCall = () => import('../shared/in-call.js');

/** The pre-join screen (preview, name, devices, level), for an element with `prejoin`. */
export const loadPrejoin = () => import('../prejoin/prejoin.js');
