import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Fullscreen for parts of an element's shadow root: whether the browser offers it, which of the
 * element's own nodes is fullscreen now (the page's `Esc`, another element or the browser's UI
 * can change that at any time, so it follows `fullscreenchange`), and a toggle.
 */
export class FullscreenController implements ReactiveController {
  /** The node of the host's shadow root that is fullscreen, null when none is. */
  current: Element | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** False where the Fullscreen API is missing or the page may not use it (an iframe without `allow="fullscreen"`). */
  get available(): boolean {
    return document.fullscreenEnabled === true && typeof Element.prototype.requestFullscreen === 'function';
  }

  hostConnected(): void {
    document.addEventListener('fullscreenchange', this.follow);
    this.follow();
  }

  hostDisconnected(): void {
    document.removeEventListener('fullscreenchange', this.follow);
  }

  /** Makes `element` fullscreen, or leaves fullscreen when it already is. */
  async toggle(element: Element | null | undefined): Promise<void> {
    if (!element || !this.available) return;
    try {
      if (this.current === element) await document.exitFullscreen();
      else await element.requestFullscreen();
    } catch {
      // Refused (no user gesture, a policy): nothing changes, and the button still says so.
    }
  }

  private readonly follow = () => {
    // Seen from the document, a node in a shadow root is retargeted to its host; the root itself knows which node it is.
    const current = this.host.shadowRoot?.fullscreenElement ?? null;
    if (current === this.current) return;
    this.current = current;
    this.host.requestUpdate();
  };
}
