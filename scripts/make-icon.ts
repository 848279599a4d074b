// Draws the app icon (resources/icon.png, 512×512): a rounded teal square with a white "H" joined by a glue dot.
// Kept as code so the icon is reproducible and reviewable; run with `npx tsx scripts/make-icon.ts`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Coverage of pixel (x, y) by a shape, 4×4 supersampled so the edges are smooth. */
function coverage(x: number, y: number, inside: (px: number, py: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits++;
  return hits / 16;
}

const roundedSquare = (px: number, py: number) => {
  const r = 112;
  const m = 24;
  const cx = Math.min(Math.max(px, m + r), SIZE - m - r);
  const cy = Math.min(Math.max(py, m + r), SIZE - m - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
};
const inRect = (px: number, py: number, x: number, y: number, w: number, h: number) => px >= x && px < x + w && py >= y && py < y + h;
const glyph = (px: number, py: number) =>
  inRect(px, py, 150, 136, 56, 240) || inRect(px, py, 306, 136, 56, 240) || (px - 256) ** 2 + (py - 256) ** 2 <= 44 ** 2;

const rows: Buffer[] = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4);
  for (let x = 0; x < SIZE; x++) {
    const t = (x + y) / (2 * SIZE);
    const bg = [Math.round(13 + 20 * t), Math.round(148 - 40 * t), Math.round(136 + 30 * t)];
    const a = coverage(x, y, roundedSquare);
    const g = coverage(x, y, glyph);
    const o = 1 + x * 4;
    for (let c = 0; c < 3; c++) row[o + c] = Math.round(bg[c]! * (1 - g) + 255 * g);
    row[o + 3] = Math.round(255 * a);
  }
  rows.push(row);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../resources/icon.png', import.meta.url), png);
