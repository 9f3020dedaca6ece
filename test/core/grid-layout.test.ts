import { expect } from '@open-wc/testing';
import { focusCells, gridCells, letterbox } from '../../src/recording/grid-layout.js';

describe('composite grid layout', () => {
  it('gives one person the frame, two half each, three or four a quarter each', () => {
    expect(gridCells(0, 1280, 720)).to.deep.equal([]);
    expect(gridCells(1, 1280, 720)).to.deep.equal([{ x: 0, y: 0, width: 1280, height: 720 }]);
    expect(gridCells(2, 1280, 720)).to.deep.equal([
      { x: 0, y: 0, width: 640, height: 720 },
      { x: 640, y: 0, width: 640, height: 720 },
    ]);
    expect(gridCells(3, 1280, 720).map((c) => [c.x, c.y])).to.deep.equal([
      [0, 0],
      [640, 0],
      [0, 360],
    ]);
    expect(gridCells(4, 1280, 720).at(-1)).to.deep.equal({ x: 640, y: 360, width: 640, height: 360 });
    expect(gridCells(6, 1280, 720)).to.have.length(4);
  });

  it('gives a shared screen the large cell and stacks the people beside it', () => {
    expect(focusCells(1, 1280, 720)).to.deep.equal([{ x: 0, y: 0, width: 1280, height: 720 }]);
    expect(focusCells(3, 1280, 720)).to.deep.equal([
      { x: 0, y: 0, width: 960, height: 720 },
      { x: 960, y: 0, width: 320, height: 240 },
      { x: 960, y: 240, width: 320, height: 240 },
    ]);
    // Four people and a screen: four rows beside it, none outside the frame.
    const five = focusCells(5, 1280, 720);
    expect(five.at(-1)).to.deep.equal({ x: 960, y: 540, width: 320, height: 180 });
    expect(five.every((c) => c.x + c.width <= 1280 && c.y + c.height <= 720)).to.equal(true);
  });

  it('letterboxes without cropping or stretching, centred', () => {
    // 4:3 into a 16:9 quarter: bars left and right.
    expect(letterbox(640, 480, { x: 640, y: 360, width: 640, height: 360 })).to.deep.equal({ x: 720, y: 360, width: 480, height: 360 });
    // 16:9 into a tall half: bars top and bottom.
    expect(letterbox(1280, 720, { x: 0, y: 0, width: 640, height: 720 })).to.deep.equal({ x: 0, y: 180, width: 640, height: 360 });
    expect(letterbox(0, 0, { x: 1, y: 2, width: 3, height: 4 })).to.deep.equal({ x: 1, y: 2, width: 0, height: 0 });
  });
});
