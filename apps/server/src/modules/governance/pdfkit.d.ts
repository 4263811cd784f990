/** The part of pdfkit 0.20 that the impact report uses (the package ships no types). */
declare module 'pdfkit' {
  interface PDFDocumentOptions { size?: string | [number, number]; margin?: number; info?: Record<string, string>; bufferPages?: boolean; autoFirstPage?: boolean }
  interface TextOptions { width?: number; align?: 'left' | 'center' | 'right' | 'justify'; continued?: boolean; lineGap?: number; height?: number; ellipsis?: boolean }
  class PDFDocument {
    constructor(opts?: PDFDocumentOptions);
    x: number;
    y: number;
    page: { width: number; height: number; margins: { top: number; bottom: number; left: number; right: number } };
    on(ev: 'data', fn: (chunk: Buffer) => void): this;
    on(ev: 'end' | 'error', fn: (e?: unknown) => void): this;
    registerFont(name: string, path: string): this;
    font(name: string): this;
    fontSize(n: number): this;
    fillColor(c: string): this;
    strokeColor(c: string): this;
    lineWidth(n: number): this;
    dash(len: number, opts?: { space: number }): this;
    undash(): this;
    text(s: string, x?: number | TextOptions, y?: number, opts?: TextOptions): this;
    heightOfString(s: string, opts?: TextOptions): number;
    moveDown(n?: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    rect(x: number, y: number, w: number, h: number): this;
    circle(x: number, y: number, r: number): this;
    stroke(): this;
    fill(c?: string): this;
    fillAndStroke(f?: string, s?: string): this;
    addPage(): this;
    end(): void;
  }
  export default PDFDocument;
}
