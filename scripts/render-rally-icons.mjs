// Renders the stamp rally's app icons (web app manifest) from src/site/assets/rally-icon.svg with
// sharp, once, into committed PNGs: browsers that do not install from an SVG icon need 192 and
// 512 px PNGs, and Android's adaptive icons a maskable one. Run again after changing the SVG:
//   node scripts/render-rally-icons.mjs
import fs from 'node:fs';
import sharp from 'sharp';

const dir = 'src/site/assets';
const svg = fs.readFileSync(`${dir}/rally-icon.svg`);
const png = (image) => image.png({ compressionLevel: 9, palette: true });

for (const size of [192, 512]) {
  await png(sharp(svg, { density: (72 * size) / 512 }).resize(size, size)).toFile(
    `${dir}/rally-icon-${size}.png`,
  );
}
// Maskable: the platform cuts the icon to its own shape and only the centre circle (80% of the
// width) is sure to show, so the mark is drawn at 80% on a full square of the icon's background.
const inner = await sharp(svg, { density: (72 * 410) / 512 })
  .resize(410, 410)
  .png()
  .toBuffer();
await png(
  sharp({ create: { width: 512, height: 512, channels: 4, background: '#ffffff' } }).composite([
    { input: inner, gravity: 'centre' },
  ]),
).toFile(`${dir}/rally-icon-maskable-512.png`);
