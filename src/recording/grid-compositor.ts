import { focusCells, gridCells, letterbox } from './grid-layout.js';
import { Ticker } from './ticker.js';

export interface CompositorTile {
  /** The participant (or `local`), to keep each one's place while others come and go. */
  id: string;
  /** Drawn under the picture; text only. */
  name: string;
  stream: MediaStream | null;
  /** A shared screen: the first one takes the large cell, the people go beside it. */
  screen?: boolean;
}

export interface GridCompositorOptions {
  width?: number;
  height?: number;
  /** Frames drawn per second (the composite recording's frame rate). */
  fps?: number;
}

export const DEFAULT_GRID_COMPOSITOR_OPTIONS: Readonly<Required<GridCompositorOptions>> = Object.freeze({ width: 1280, height: 720, fps: 15 });

/**
 * Draws every participant's video into one canvas, a grid of up to 2x2, letterboxed, with names,
 * and offers it as a video track to record. Frames are drawn on a worker's clock and pushed with
 * `requestFrame()`, because a hidden tab stops requestAnimationFrame and throttles page timers:
 * a recording made while the person looks at another tab keeps its frame rate.
 */
export class GridCompositor {
  readonly canvas: HTMLCanvasElement;
  readonly stream: MediaStream;
  /** Frames drawn since `start()`: the tests' and the host's measure of the frame rate. */
  framesDrawn = 0;
  private readonly context: CanvasRenderingContext2D;
  private readonly ticker: Ticker;
  private readonly videos = new Map<string, { video: HTMLVideoElement; name: string }>();
  private order: string[] = [];
  /** Whether a shared screen is in the large cell (it is first in `order`). */
  private focused = false;

  constructor(options: GridCompositorOptions = {}) {
    const {
      width = DEFAULT_GRID_COMPOSITOR_OPTIONS.width,
      height = DEFAULT_GRID_COMPOSITOR_OPTIONS.height,
      fps = DEFAULT_GRID_COMPOSITOR_OPTIONS.fps,
    } = options;
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.context = this.canvas.getContext('2d', { alpha: false })!;
    // 0: no frame unless requested, so the recording has exactly the frames drawn.
    this.stream = this.canvas.captureStream(0);
    this.ticker = new Ticker(Math.round(1000 / fps), () => this.draw());
  }

  /** The participants to show, in order; a tile whose stream changed gets the new one. */
  setTiles(tiles: CompositorTile[]): void {
    const keep = new Set(tiles.map((tile) => tile.id));
    for (const [id, entry] of this.videos) {
      if (!keep.has(id)) {
        entry.video.srcObject = null;
        this.videos.delete(id);
      }
    }
    for (const tile of tiles) {
      let entry = this.videos.get(tile.id);
      if (!entry) {
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        entry = { video, name: tile.name };
        this.videos.set(tile.id, entry);
      }
      entry.name = tile.name;
      if (entry.video.srcObject !== tile.stream) {
        entry.video.srcObject = tile.stream;
        void entry.video.play().catch(() => {});
      }
    }
    const screen = tiles.find((tile) => tile.screen);
    this.focused = screen !== undefined;
    this.order = [...(screen ? [screen] : []), ...tiles.filter((tile) => tile !== screen)].map((tile) => tile.id);
  }

  start(): void {
    this.framesDrawn = 0;
    this.ticker.start();
  }

  stop(): void {
    this.ticker.stop();
    for (const { video } of this.videos.values()) video.srcObject = null;
    this.videos.clear();
    this.stream.getTracks().forEach((track) => track.stop());
  }

  private draw(): void {
    const { context, canvas } = this;
    context.fillStyle = '#111';
    context.fillRect(0, 0, canvas.width, canvas.height);
    const cells = (this.focused ? focusCells : gridCells)(this.order.length, canvas.width, canvas.height);
    const fontSize = Math.max(14, Math.round(canvas.height / 30));
    context.font = `${fontSize}px sans-serif`;
    this.order.slice(0, cells.length).forEach((id, i) => {
      const entry = this.videos.get(id);
      if (!entry) return;
      const cell = cells[i];
      const { video, name } = entry;
      if (video.readyState >= 2 && video.videoWidth > 0) {
        const at = letterbox(video.videoWidth, video.videoHeight, cell);
        context.drawImage(video, at.x, at.y, at.width, at.height);
      }
      if (name) {
        const pad = Math.round(fontSize / 2);
        const textWidth = Math.min(context.measureText(name).width, cell.width - 4 * pad);
        context.fillStyle = 'rgba(0, 0, 0, 0.6)';
        context.fillRect(cell.x + pad, cell.y + cell.height - fontSize - 3 * pad, textWidth + 2 * pad, fontSize + 2 * pad);
        context.fillStyle = '#fff';
        context.fillText(name, cell.x + 2 * pad, cell.y + cell.height - 2 * pad, cell.width - 4 * pad);
      }
    });
    const track = this.stream.getVideoTracks()[0] as MediaStreamTrack & { requestFrame?: () => void };
    track?.requestFrame?.();
    this.framesDrawn++;
  }
}
