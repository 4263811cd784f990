/** Viewer math, kept pure for tests: zoom about a point, pan, window/level drag, image↔screen mapping. */
export interface Viewport {
  /** screen pixels per image pixel */
  scale: number;
  /** screen position of the image's top-left corner */
  x: number;
  y: number;
}

/** Fits an image into a canvas, centred. */
export function fit(imgW: number, imgH: number, canvasW: number, canvasH: number): Viewport {
  const scale = Math.min(canvasW / imgW, canvasH / imgH);
  return { scale, x: (canvasW - imgW * scale) / 2, y: (canvasH - imgH * scale) / 2 };
}

/** Zooms by `factor` keeping the image point under (sx, sy) fixed; scale kept within [min, max]. */
export function zoomAt(v: Viewport, sx: number, sy: number, factor: number, min = 0.05, max = 40): Viewport {
  const scale = Math.min(max, Math.max(min, v.scale * factor));
  const k = scale / v.scale;
  return { scale, x: sx - (sx - v.x) * k, y: sy - (sy - v.y) * k };
}

export const pan = (v: Viewport, dx: number, dy: number): Viewport => ({ ...v, x: v.x + dx, y: v.y + dy });

export const toScreen = (v: Viewport, ix: number, iy: number) => ({ x: v.x + ix * v.scale, y: v.y + iy * v.scale });

/**
 * Window/level drag (the radiology convention): horizontal movement changes the width, vertical
 * the centre; `sensitivity` modality units per screen pixel. Width stays ≥ 1.
 */
export function dragWindow(w: { center: number; width: number }, dx: number, dy: number, sensitivity = 1): { center: number; width: number } {
  return { center: w.center + dy * sensitivity, width: Math.max(1, w.width + dx * sensitivity) };
}
