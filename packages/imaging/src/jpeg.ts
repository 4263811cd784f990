/**
 * Baseline JPEG encoding (ITU T.81) of an 8-bit greyscale image, for WADO-RS rendered images
 * (PS3.18 §8.7.4: image/jpeg is the default rendered media type). jpeg-js is a pure-JavaScript
 * encoder; it takes RGBA, so grey is replicated into the three channels.
 */
import jpeg from 'jpeg-js';

export function encodeJpegGrey(width: number, height: number, pixels: Uint8Array, quality = 90): Uint8Array {
  if (pixels.length !== width * height) throw new RangeError(`expected ${width * height} pixels, got ${pixels.length}`);
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    rgba[4 * i] = v;
    rgba[4 * i + 1] = v;
    rgba[4 * i + 2] = v;
    rgba[4 * i + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width, height }, quality).data);
}
