import { expect } from '@open-wc/testing';
import { chooseFocus, nextCorner, placeSelfView, placeTiles, screenKey, type FocusInput, type TileRef } from '../../components/video-call/tile-focus.js';

// Which tile <video-call> puts in focus, with no call: the pure choice from who is there, who
// speaks, what is pinned and what is shared. The element in real calls is in video-layouts.test.ts.

const camera = (id: string, local = false): TileRef => ({ key: id, participantId: id, kind: 'camera', local });
const screen = (id: string, local = false): TileRef => ({ key: screenKey(id), participantId: id, kind: 'screen', local });
const me = camera('me', true);
const [ada, bob, cy] = ['ada', 'bob', 'cy'].map((id) => camera(id));

function focus(input: Partial<FocusInput>) {
  return chooseFocus({ layout: 'auto', tiles: [me, ada, bob], speaking: new Set(), pinned: null, heldSpeaker: null, ...input });
}

describe('tile focus', () => {
  it('has no focus in the grid, and none when alone', () => {
    expect(focus({ layout: 'grid', speaking: new Set(['bob']) }).focus).to.equal(null);
    expect(focus({ tiles: [me] }).focus).to.equal(null);
    expect(focus({ layout: 'speaker', tiles: [me] }).focus).to.equal(null);
  });

  it('focuses the first remote person while nobody speaks', () => {
    expect(focus({}).focus).to.equal('ada');
    expect(focus({ layout: 'speaker' }).focus).to.equal('ada');
  });

  it('focuses the active speaker, and keeps them through a pause until someone else speaks', () => {
    let choice = focus({ speaking: new Set(['bob']) });
    expect(choice).to.deep.equal({ focus: 'bob', heldSpeaker: 'bob' });
    // Bob pauses: still Bob, not back to the first remote person.
    choice = focus({ heldSpeaker: choice.heldSpeaker });
    expect(choice.focus).to.equal('bob');
    // Ada speaks while Bob is silent: Ada.
    choice = focus({ speaking: new Set(['ada']), heldSpeaker: choice.heldSpeaker });
    expect(choice).to.deep.equal({ focus: 'ada', heldSpeaker: 'ada' });
  });

  it('keeps the held speaker while they still speak, even when others start too', () => {
    const choice = focus({ speaking: new Set(['ada', 'bob']), heldSpeaker: 'bob' });
    expect(choice.focus).to.equal('bob');
  });

  it('lets go of a held speaker who left', () => {
    expect(focus({ tiles: [me, ada], heldSpeaker: 'bob' })).to.deep.equal({ focus: 'ada', heldSpeaker: null });
  });

  it('prefers a shared screen in auto, a remote one before the local one, and not in speaker', () => {
    expect(focus({ tiles: [me, ada, bob, screen('bob')], speaking: new Set(['ada']) }).focus).to.equal('screen/bob');
    expect(focus({ tiles: [me, ada, screen('me', true), screen('ada')] }).focus).to.equal('screen/ada');
    expect(focus({ tiles: [me, ada, screen('me', true)] }).focus).to.equal('screen/me');
    expect(focus({ layout: 'speaker', tiles: [me, ada, bob, screen('bob')], speaking: new Set(['ada']) }).focus).to.equal('ada');
  });

  it('reads an unknown layout as auto', () => {
    expect(focus({ layout: 'mosaic' as never, tiles: [me, ada, screen('ada')] }).focus).to.equal('screen/ada');
  });

  it('puts a pinned tile in focus in every layout, and ignores a pin of someone not there', () => {
    for (const layout of ['auto', 'grid', 'speaker'] as const) {
      expect(focus({ layout, pinned: 'bob', speaking: new Set(['ada']), tiles: [me, ada, bob, screen('ada')] }).focus, layout).to.equal('bob');
      expect(focus({ layout, pinned: 'me' }).focus, `${layout}, the self-view pinned`).to.equal('me');
    }
    expect(focus({ pinned: 'cy' }).focus).to.equal('ada');
    // The speaker is still followed under a pin, for when it goes.
    expect(focus({ pinned: 'ada', speaking: new Set(['bob']) }).heldSpeaker).to.equal('bob');
  });

  it('floats the self-view in a call of two by default, as a tile otherwise, and never alone', () => {
    expect(placeSelfView(null, 1)).to.equal('floating');
    expect(placeSelfView(null, 2)).to.equal('tile');
    expect(placeSelfView(null, 0)).to.equal('tile');
    expect(placeSelfView('floating', 3)).to.equal('floating');
    expect(placeSelfView('floating', 0)).to.equal('tile');
    expect(placeSelfView('tile', 1)).to.equal('tile');
    expect(placeSelfView('hidden', 0)).to.equal('hidden');
    expect(placeSelfView('sideways' as never, 1)).to.equal('floating');
  });

  it('places each tile: focus, filmstrip, grid, and the self-view as chosen', () => {
    const tiles = [me, ada, bob, cy];
    expect([...placeTiles(tiles, 'bob', 'tile').values()]).to.deep.equal(['strip', 'strip', 'focus', 'strip']);
    expect([...placeTiles(tiles, 'bob', 'floating').values()]).to.deep.equal(['floating', 'strip', 'focus', 'strip']);
    expect([...placeTiles(tiles, null, 'hidden').values()]).to.deep.equal(['hidden', 'grid', 'grid', 'grid']);
    expect([...placeTiles(tiles, 'me', 'hidden').values()], 'a pinned self-view shows even when hidden').to.deep.equal(['focus', 'strip', 'strip', 'strip']);
  });

  it('moves the self-view round the corners, and where the arrows point, mirrored right to left', () => {
    expect(nextCorner('bottom-end', 'cycle')).to.equal('bottom-start');
    expect(nextCorner('top-end', 'cycle')).to.equal('bottom-end');
    expect(nextCorner('bottom-end', 'ArrowUp')).to.equal('top-end');
    expect(nextCorner('top-start', 'ArrowDown')).to.equal('bottom-start');
    expect(nextCorner('bottom-end', 'ArrowLeft')).to.equal('bottom-start');
    expect(nextCorner('bottom-end', 'ArrowLeft', true)).to.equal('bottom-end');
    expect(nextCorner('bottom-end', 'ArrowRight', true)).to.equal('bottom-start');
    expect(nextCorner('bottom-end', 'Tab')).to.equal(null);
    expect(nextCorner('middle' as never, 'cycle'), 'an unknown corner reads as bottom-end').to.equal('bottom-start');
  });
});
