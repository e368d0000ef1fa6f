/**
 * The extension and task icon, drawn in code: a white truck on a blue rounded square. The PNG is
 * written with uncompressed (stored) deflate blocks, so its bytes depend on nothing but this file
 * (no zlib version can change them) and `npm run generate` stays reproducible everywhere.
 */

const TRANSPARENT = 0;
const BLUE = 1;
const WHITE = 2;
const NAVY = 3;
const PALETTE = [
  [0, 0, 0],
  [0, 120, 212],
  [255, 255, 255],
  [16, 42, 84],
];

/** Palette index of the pixel at (x, y) on a unit square (0..1), for the icon's design. */
function pixel(x: number, y: number): number {
  const r = 0.16; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  // Plain multiplication (not ** or Math.hypot) keeps every pixel identical on every Node version.
  if (square(x - cx) + square(y - cy) > r * r) return TRANSPARENT;
  for (const wheel of [0.3, 0.7]) {
    const d2 = square(x - wheel) + square(y - 0.7);
    if (d2 <= 0.045 * 0.045) return WHITE;
    if (d2 <= 0.09 * 0.09) return NAVY;
  }
  const cargo = x >= 0.14 && x <= 0.6 && y >= 0.3 && y <= 0.66;
  const cab = x >= 0.62 && x <= 0.86 && y >= 0.42 && y <= 0.66;
  const window = x >= 0.68 && x <= 0.8 && y >= 0.46 && y <= 0.54;
  if (window) return BLUE;
  return cargo || cab ? WHITE : BLUE;
}

function square(value: number): number {
  return value * value;
}

/** A size x size palette PNG of the icon. */
export function iconPng(size: number): Buffer {
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) rows.push(pixel((x + 0.5) / size, (y + 0.5) / size));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8-bit, palette, deflate, adaptive filters, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', Buffer.from(PALETTE.flat())),
    chunk('tRNS', Buffer.from([0, 255, 255, 255])),
    chunk('IDAT', storedZlib(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** zlib stream of stored (uncompressed) deflate blocks. */
function storedZlib(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  const BLOCK = 65535;
  for (let offset = 0; offset < data.length || offset === 0; offset += BLOCK) {
    const block = data.subarray(offset, offset + BLOCK);
    const last = offset + BLOCK >= data.length ? 1 : 0;
    const head = Buffer.alloc(5);
    head.writeUInt8(last, 0);
    head.writeUInt16LE(block.length, 1);
    head.writeUInt16LE(~block.length & 0xffff, 3);
    parts.push(head, block);
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(adler32(data));
  parts.push(adler);
  return Buffer.concat(parts);
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const CRC_TABLE = Array.from({ length: 256 }, (_v, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
