// The focus layouts, the floating self-view, the tiles' and view's buttons and their styles:
// fetched once a <video-call> is in a call (or a tile is pinned), since until someone else is
// there the grid of one is all it shows.
export { chooseFocus, nextCorner, placeSelfView, placeTiles, validCorner } from './tile-focus.js';
export { createLayoutActions, renderTileButtons, renderViewControls } from './layout-controls.js';
export { layoutStyles } from './layout.styles.js';
export { FullscreenController } from '../controllers/fullscreen-controller.js';
