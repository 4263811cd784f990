import { describe, expect, it } from 'vitest';
import { dragWindow, fit, pan, toScreen, zoomAt } from './viewport.ts';

describe('viewer math', () => {
  it('fits a 1024² image into an 800×600 canvas, centred', () => {
    expect(fit(1024, 1024, 800, 600)).toEqual({ scale: 600 / 1024, x: 100, y: 0 });
  });
  it('zooming keeps the point under the cursor fixed', () => {
    const v = { scale: 0.5, x: 10, y: 20 };
    const z = zoomAt(v, 110, 70, 2); // image point (200, 100) under the cursor
    expect(z.scale).toBe(1);
    expect(toScreen(z, 200, 100)).toEqual({ x: 110, y: 70 });
  });
  it('clamps zoom and pans', () => {
    expect(zoomAt({ scale: 30, x: 0, y: 0 }, 0, 0, 10).scale).toBe(40);
    expect(pan({ scale: 1, x: 1, y: 2 }, 5, -3)).toEqual({ scale: 1, x: 6, y: -1 });
  });
  it('window drag: right widens, down raises the centre; width never below 1', () => {
    expect(dragWindow({ center: 40, width: 400 }, 100, -20, 2)).toEqual({ center: 0, width: 600 });
    expect(dragWindow({ center: 40, width: 10 }, -50, 0).width).toBe(1);
  });
});
