/**
 * A small MIME multipart reader/writer (RFC 2046 §5.1) for multipart/form-data uploads and DICOMweb
 * multipart/related (PS3.18 §8.6). Bodies are buffered (the route's bodyLimit bounds them).
 */
import { AppError } from '../../lib/errors.ts';

export interface Part {
  headers: Record<string, string>;
  body: Buffer;
  /** From Content-Disposition filename=, when given. */
  filename?: string;
  /** From Content-Disposition name=, when given. */
  name?: string;
  contentType?: string;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

const bad = (msg: string, vi: string) => new AppError(400, 'MALFORMED_MULTIPART', msg, vi);

export function parseMultipart(body: Buffer, contentType: string | undefined): Part[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw bad('multipart body without a boundary parameter', 'Nội dung multipart thiếu tham số boundary');
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) throw bad('multipart body: the boundary never occurs', 'Nội dung multipart không có ranh giới (boundary)');
  for (;;) {
    pos += delim.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing delimiter
    // skip transport padding and CRLF after the delimiter
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headEnd = body.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) throw bad('multipart part without a header end', 'Một phần multipart không có phần đầu hợp lệ');
    const headers: Record<string, string> = {};
    for (const line of body.subarray(pos, headEnd).toString('latin1').split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), headEnd + 4);
    if (next < 0) throw bad('multipart body ends without a closing boundary (truncated?)', 'Nội dung multipart bị cắt cụt (thiếu ranh giới kết thúc)');
    const disp = headers['content-disposition'] ?? '';
    const filename = /filename\*?=(?:"([^"]*)"|([^;]+))/i.exec(disp);
    const name = /(?:^|;)\s*name=(?:"([^"]*)"|([^;]+))/i.exec(disp);
    parts.push({
      headers, body: body.subarray(headEnd + 4, next),
      ...(filename ? { filename: Buffer.from(filename[1] ?? filename[2] ?? '', 'latin1').toString('utf8').replace(/\0/g, '') } : {}),
      ...(name ? { name: name[1] ?? name[2] } : {}),
      ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
    });
    pos = next + 2;
  }
  return parts;
}

/** Builds a multipart/related body; returns it with its Content-Type. */
export function buildMultipartRelated(parts: Array<{ contentType: string; body: Uint8Array; headers?: Record<string, string> }>, type: string): { body: Buffer; contentType: string } {
  const boundary = `yte-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const extra = Object.entries(p.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${p.contentType}\r\n${extra}\r\n`), Buffer.from(p.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/related; type="${type}"; boundary=${boundary}` };
}
