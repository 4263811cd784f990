/**
 * multipart/mixed (RFC 2046 §5.1) for statements with attachments (xAPI 1.0.3 Data 2.4.11,
 * Communication 1.5.2): the first part is the statement JSON, each later part one attachment with
 * an X-Experience-API-Hash header. Pure: bytes in, parts out.
 */

export interface Part {
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Buffer;
}

/** The boundary parameter of a Content-Type header, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2])! : null;
}

/** Splits a body into parts; throws an Error naming what is wrong. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delim);
  if (at < 0) throw new Error('the multipart body does not contain its boundary');
  for (;;) {
    let start = at + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // close delimiter
    // transport padding then CRLF
    while (body[start] === 0x20 || body[start] === 0x09) start++;
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    else if (body[start] === 0x0a) start += 1;
    const next = body.indexOf(delim, start);
    if (next < 0) throw new Error('the multipart body is not closed by its boundary');
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    const chunk = body.subarray(start, end);
    let sep = chunk.indexOf('\r\n\r\n');
    let sepLen = 4;
    if (sep < 0) { sep = chunk.indexOf('\n\n'); sepLen = 2; }
    const headerText = sep < 0 ? chunk.toString('utf8') : chunk.subarray(0, sep).toString('utf8');
    const headers: Record<string, string> = {};
    for (const line of headerText.split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    parts.push({ headers, body: sep < 0 ? Buffer.alloc(0) : chunk.subarray(sep + sepLen) });
    at = next;
  }
  return parts;
}

export function buildMultipart(parts: Array<{ headers: Record<string, string>; body: Buffer | string }>, boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = Object.entries(p.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), typeof p.body === 'string' ? Buffer.from(p.body) : p.body, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
