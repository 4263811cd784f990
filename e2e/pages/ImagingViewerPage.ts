import type { Page } from 'playwright-core';
import { BASE_URL } from '../lib/browser.ts';

/** What the viewer's canvas shows, read back from its pixels. */
export interface CanvasStats {
  /** FNV-1a over a 64×64 sample of the pixels: changes whenever the picture does. */
  hash: number;
  /** Mean luminance 0..255 of the image area (overlay excluded: only grey pixels). */
  mean: number;
  /** Strongly coloured pixels (the AI boxes and labels; the X-ray itself is grey). */
  coloured: number;
  /** Green-dominant pixels (boxes of findings the reader confirmed). */
  green: number;
  /** Red-dominant pixels (boxes of proposed findings above threshold). */
  red: number;
}

/** The reading viewer (/imaging/:id). */
export class ImagingViewerPage {
  constructor(private readonly page: Page) {}
  async open(studyId: string) {
    await this.page.goto(`${BASE_URL}/imaging/${studyId}`);
    await this.waitRendered(1);
  }
  canvas() {
    return this.page.getByTestId('imaging-canvas');
  }
  async attr(name: string): Promise<string> {
    return (await this.canvas().getAttribute(`data-${name}`)) ?? '';
  }
  /** Waits until at least `n` renderings from the server have been drawn. */
  async waitRendered(n: number) {
    await this.page.waitForFunction((k) => Number(document.querySelector('[data-testid="imaging-canvas"]')?.getAttribute('data-renders') ?? 0) >= k, n);
  }
  async stats(): Promise<CanvasStats> {
    return this.canvas().evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const ctx = c.getContext('2d')!;
      const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
      let hash = 0x811c9dc5;
      let sum = 0;
      let grey = 0;
      let coloured = 0;
      let green = 0;
      let red = 0;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i]!;
        const g = data[i + 1]!;
        const b = data[i + 2]!;
        const spread = Math.max(r, g, b) - Math.min(r, g, b);
        if (spread > 60) {
          coloured++;
          if (g > r + 60 && g > b + 30) green++;
          if (r > g + 60 && r > b + 60) red++;
        } else {
          sum += r;
          grey++;
        }
      }
      for (let y = 0; y < 64; y++) {
        for (let x = 0; x < 64; x++) {
          const i = (Math.floor((y * height) / 64) * width + Math.floor((x * width) / 64)) * 4;
          hash = Math.imul(hash ^ (data[i]! ^ (data[i + 1]! << 8) ^ (data[i + 2]! << 16)), 16777619) >>> 0;
        }
      }
      return { hash, mean: grey ? sum / grey : 0, coloured, green, red };
    });
  }
  /** Drags across the canvas from its centre by (dx, dy) CSS pixels, optionally with Shift held. */
  async drag(dx: number, dy: number, shift = false) {
    const box = (await this.canvas().boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    if (shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
    await this.page.mouse.move(x + dx, y + dy, { steps: 4 });
    await this.page.mouse.up();
    if (shift) await this.page.keyboard.up('Shift');
  }
  async wheel(deltaY: number) {
    const box = (await this.canvas().boundingBox())!;
    await this.page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
    await this.page.mouse.wheel(0, deltaY);
  }
  tool(name: 'pan' | 'window') {
    return this.page.getByTestId(`imaging-tool-${name}`);
  }
  button(id: 'zoom-in' | 'zoom-out' | 'fit' | 'reset') {
    return this.page.getByTestId(`imaging-${id}`);
  }
  overlayLocked() {
    return this.page.getByTestId('imaging-overlay-locked');
  }
  /** The "show AI marks" switch (only once the first impression is recorded). */
  overlaySwitch() {
    return this.page.getByTestId('imaging-overlay');
  }
  guard() {
    return this.page.getByTestId('imaging-guard');
  }
  async recordFirstImpression(text: string) {
    await this.page.getByTestId('imaging-first-impression').fill(text);
    await this.page.getByTestId('imaging-first-impression-save').click();
    await this.page.getByTestId('imaging-findings').waitFor();
  }
  findings() {
    return this.page.getByTestId('imaging-finding');
  }
  finding(label: string) {
    return this.page.locator(`[data-testid="imaging-finding"][data-label="${label}"]`);
  }
  async accept(label: string) {
    await this.finding(label).getByTestId('imaging-finding-accept').click();
    await this.page.locator(`[data-testid="imaging-finding"][data-label="${label}"][data-status="accepted"]`).waitFor();
  }
  async reject(label: string, reason: string) {
    const f = this.finding(label);
    await f.getByTestId('imaging-finding-override').click();
    await f.getByTestId('imaging-finding-reason-input').fill(reason);
    await f.getByTestId('imaging-finding-override-confirm').click();
    await this.page.locator(`[data-testid="imaging-finding"][data-label="${label}"][data-status="overridden"]`).waitFor();
  }
  report() {
    return this.page.getByTestId('imaging-report');
  }
  async saveDraft() {
    await this.page.getByTestId('imaging-report-save').click();
    await this.page.getByTestId('imaging-report-saved').waitFor();
  }
  async sign() {
    await this.page.getByTestId('imaging-report-sign').click();
    await this.page.getByTestId('imaging-report-sign-confirm').click();
    await this.page.getByTestId('imaging-report-final').waitFor();
  }
  signed() {
    return this.page.getByTestId('imaging-report-final');
  }
  /** The signed report's text. */
  signedText() {
    return this.page.getByTestId('imaging-report-text');
  }
}
