// The pre-join screen's chunk: fetched only by an element with `prejoin`, so a page without it
// neither downloads nor runs any of it.
export { PrejoinScreen } from './prejoin-screen.js';
export { prejoinStyles } from './prejoin.styles.js';
export type { PrejoinHost } from './prejoin-screen.js';
