// Writes the app's install icons (assets/icon-192.png, assets/icon-512.png)
// from the favicon's design (assets/favicon.svg: three white lines on a blue
// rounded square), drawn here pixel by pixel so no image tool is needed.
// Run by hand when the design changes: node tools/icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x1f, 0x5f, 0xbf];
const WHITE = [0xff, 0xff, 0xff];
// In the favicon's 32-unit box; lines are round-capped, 3 units wide.
const LINES = [[7, 10, 25], [7, 16, 19], [7, 22, 22]];

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function icon(size) {
  const s = size / 32;
  const raw = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    raw[y * (1 + size * 4)] = 0;
    for (let x = 0; x < size; x++) {
      // Full-bleed square (the icon is "maskable": the lines sit well inside the safe zone).
      const [u, v] = [(x + 0.5) / s, (y + 0.5) / s];
      const onLine = LINES.some(([x0, yy, x1]) => Math.hypot(u - Math.min(Math.max(u, x0), x1), v - yy) <= 1.5);
      const [r, g, b] = onLine ? WHITE : BLUE;
      raw.set([r, g, b, 255], y * (1 + size * 4) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [192, 512]) writeFileSync(new URL(`../assets/icon-${size}.png`, import.meta.url), icon(size));
