import { expect } from '@open-wc/testing';
import { GridCompositor } from '../../src/recording/grid-compositor.js';
import { watchMediaElements, type MediaWatch } from '../helpers/media-playback.js';
import { sleep, waitFor } from '../helpers/test-env.js';

// The recorder hands the compositor its tiles again whenever anyone joins, leaves or is renamed:
// a tile whose stream did not change must keep playing, not be loaded again.

function canvasStream(colour?: string): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 120;
  const context = canvas.getContext('2d')!;
  let frame = 0;
  const timer = setInterval(() => {
    context.fillStyle = colour ?? `hsl(${(frame += 10) % 360} 80% 50%)`;
    context.fillRect(0, 0, canvas.width, canvas.height);
  }, 33);
  const stream = canvas.captureStream(30);
  stream.getVideoTracks()[0].addEventListener('ended', () => clearInterval(timer));
  return stream;
}

describe('GridCompositor', () => {
  let watch: MediaWatch;
  let compositor: GridCompositor;
  const streams: MediaStream[] = [];
  beforeEach(() => {
    watch = watchMediaElements();
    compositor = new GridCompositor({ width: 320, height: 240 });
  });
  afterEach(() => {
    compositor.stop();
    watch.stop();
    for (const stream of streams.splice(0)) stream.getTracks().forEach((track) => track.stop());
  });

  it('loads each tile once however often the tiles are set again, and only the tile whose stream changed again', async () => {
    const [ada, bob, bobAgain] = [canvasStream(), canvasStream(), canvasStream()];
    streams.push(ada, bob, bobAgain);
    compositor.start();
    for (let i = 0; i < 50; i++) {
      compositor.setTiles([
        { id: 'ada', name: `Ada ${i}`, stream: ada },
        { id: 'bob', name: 'Bob', stream: bob },
      ]);
      await sleep(10);
    }
    const videos = (compositor as unknown as { videos: Map<string, { video: HTMLVideoElement }> }).videos;
    const adaVideo = videos.get('ada')!.video;
    const bobVideo = videos.get('bob')!.video;
    await waitFor(() => adaVideo.currentTime > 0 && bobVideo.currentTime > 0, 'both tiles playing');
    expect(watch.of(adaVideo)).to.include({ srcObjectSets: 1, loadstarts: 1 });
    expect(watch.of(bobVideo)).to.include({ srcObjectSets: 1, loadstarts: 1 });

    // Bob's connection was rebuilt: his tile gets the new stream, Ada's is left alone.
    compositor.setTiles([
      { id: 'ada', name: 'Ada', stream: ada },
      { id: 'bob', name: 'Bob', stream: bobAgain },
    ]);
    await waitFor(() => watch.of(bobVideo).loadstarts === 2, 'Bob loaded with his new stream');
    expect(watch.of(adaVideo)).to.include({ srcObjectSets: 1, loadstarts: 1 });
    expect(bobVideo.srcObject).to.equal(bobAgain);
    expect(compositor.framesDrawn).to.be.greaterThan(0);
  });

  it('draws a shared screen in the large cell, whatever its place in the tiles, and the people beside it', async () => {
    const [ada, screen] = [canvasStream('rgb(0, 0, 255)'), canvasStream('rgb(255, 0, 0)')];
    streams.push(ada, screen);
    compositor.start();
    compositor.setTiles([
      { id: 'ada', name: '', stream: ada },
      { id: 'ada#screen', name: '', stream: screen, screen: true },
    ]);
    const context = compositor.canvas.getContext('2d')!;
    const pixel = (x: number, y: number) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
    // 320x240: the screen's cell is the left 240 px, Ada's the top third of the column beside it.
    await waitFor(() => pixel(120, 120)[0] > 200 && pixel(280, 40)[2] > 200, 'the screen large on the left, Ada beside it');
    expect(pixel(120, 120)).to.deep.equal([255, 0, 0]);

    // The screen stops: back to the grid, Ada alone in the frame.
    compositor.setTiles([{ id: 'ada', name: '', stream: ada }]);
    await waitFor(() => pixel(120, 120)[2] > 200, 'Ada filling the frame again');
  });
});
