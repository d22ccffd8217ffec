// Draws Lanyard's icon (a badge on a lanyard loop, on a rounded square) and writes PNGs:
// build/icon.png (1024 px; electron-builder derives .icns/.ico from it) and
// build/icons/<n>x<n>.png (Linux sizes; the shell's window and tray icons come from here), and
// build/tray/trayTemplate{,@2x}.png: the macOS menu-bar icon, black on transparent so macOS can
// tint it for light and dark menu bars (a "template image").
// No dependencies: pixels are computed with 4×4 supersampling and encoded with node:zlib.
//   node scripts/make-icons.mjs
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// Shapes in unit coordinates (0..1). Each returns true if the point is inside.
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const ring = (cx, cy, r0, r1) => (x, y) => {
  const d = (x - cx) ** 2 + (y - cy) ** 2;
  return d >= r0 * r0 && d <= r1 * r1;
};
const background = roundedRect(0.04, 0.04, 0.96, 0.96, 0.2);
const strap = ring(0.5, 0.2, 0.2, 0.27); // the lanyard loop, cut off by the badge below
const badge = roundedRect(0.27, 0.38, 0.73, 0.88, 0.06);
const clip = roundedRect(0.44, 0.33, 0.56, 0.44, 0.02);
const hole = roundedRect(0.42, 0.45, 0.58, 0.485, 0.0175);
const head = (x, y) => (x - 0.5) ** 2 + (y - 0.6) ** 2 <= 0.075 ** 2;
const body = roundedRect(0.37, 0.69, 0.63, 0.8, 0.05);

function colour(x, y) {
  if (!background(x, y)) return null;
  const top = [37, 99, 235]; // blue
  const bottom = [13, 148, 136]; // teal
  const t = y;
  const bg = top.map((c, i) => Math.round(c + (bottom[i] - c) * t));
  if (hole(x, y)) return bg;
  if (head(x, y) || body(x, y)) return [30, 64, 175];
  if (badge(x, y) || clip(x, y)) return [255, 255, 255];
  if (strap(x, y) && y < 0.4) return [250, 204, 21]; // yellow strap
  return bg;
}

/** The template silhouette: the strap and the badge in black, the person and the slot cut out. */
function templateColour(x, y) {
  if (hole(x, y) || head(x, y) || body(x, y)) return null;
  if (badge(x, y) || clip(x, y) || (strap(x, y) && y < 0.4)) return [0, 0, 0];
  return null;
}

export function drawIcon(size, shade = colour) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a) rgba.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / samples ** 2)], o);
    }
  }
  return encodePng(size, rgba);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await mkdir(path.join(root, 'build/icons'), { recursive: true });
  await writeFile(path.join(root, 'build/icon.png'), drawIcon(1024));
  for (const size of [16, 32, 48, 64, 128, 256, 512]) await writeFile(path.join(root, `build/icons/${size}x${size}.png`), drawIcon(size));
  await mkdir(path.join(root, 'build/tray'), { recursive: true });
  await writeFile(path.join(root, 'build/tray/trayTemplate.png'), drawIcon(16, templateColour));
  await writeFile(path.join(root, 'build/tray/trayTemplate@2x.png'), drawIcon(32, templateColour));
  console.log('wrote build/icon.png, build/icons/*.png and build/tray/*.png');
}
