// Where each participant goes in the composite recording: pure geometry, tested on its own.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One cell per participant: the whole frame for one, side by side for two, 2x2 for three or four. */
export function gridCells(count: number, width: number, height: number): Rect[] {
  if (count <= 0) return [];
  if (count === 1) return [{ x: 0, y: 0, width, height }];
  const columns = 2;
  const rows = count <= 2 ? 1 : 2;
  const cellWidth = Math.floor(width / columns);
  const cellHeight = Math.floor(height / rows);
  return Array.from({ length: Math.min(count, 4) }, (_, i) => ({
    x: (i % columns) * cellWidth,
    y: Math.floor(i / columns) * cellHeight,
    width: cellWidth,
    height: cellHeight,
  }));
}

/**
 * A shared screen in the large cell (the left three quarters, full height) and everyone else
 * stacked in the column beside it, at least three rows so faces do not grow tall; one alone
 * fills the frame.
 */
export function focusCells(count: number, width: number, height: number): Rect[] {
  if (count <= 1) return gridCells(count, width, height);
  const columnWidth = Math.floor(width / 4);
  const cellHeight = Math.floor(height / Math.max(count - 1, 3));
  return [
    { x: 0, y: 0, width: width - columnWidth, height },
    ...Array.from({ length: count - 1 }, (_, i) => ({ x: width - columnWidth, y: i * cellHeight, width: columnWidth, height: cellHeight })),
  ];
}

/** The largest rectangle of the source's shape centred in `cell` (letterboxed, never cropped or stretched). */
export function letterbox(sourceWidth: number, sourceHeight: number, cell: Rect): Rect {
  if (sourceWidth <= 0 || sourceHeight <= 0) return { ...cell, width: 0, height: 0 };
  const scale = Math.min(cell.width / sourceWidth, cell.height / sourceHeight);
  const width = Math.round(sourceWidth * scale);
  const height = Math.round(sourceHeight * scale);
  return { x: cell.x + Math.floor((cell.width - width) / 2), y: cell.y + Math.floor((cell.height - height) / 2), width, height };
}
