/**
 * The demo town's photos, painted at seed time: no file is downloaded or bundled, so there is no
 * licence to track (they are ours, CC0). Each is a landscape in SVG (sky, sun or moon, hazy
 * mountain ridges, a subject such as a castle, a torii, a street of townhouses or a hot spring),
 * varied by a seed from its key, rendered and encoded as JPEG by sharp. They go into the media
 * library through the upload pipeline (media's addGeneratedImage), like any photo.
 */
import { imageLibrary } from '../media/index.js';

export type DemoScene =
  | 'castle'
  | 'town'
  | 'torii'
  | 'temple'
  | 'onsen'
  | 'river'
  | 'falls'
  | 'mountains'
  | 'terraces'
  | 'sunflowers'
  | 'blossom'
  | 'autumn'
  | 'orchard'
  | 'night'
  | 'fireworks'
  | 'lanterns'
  | 'food'
  | 'market';

export const PHOTO_WIDTH = 1600;
export const PHOTO_HEIGHT = 1000;
const W = PHOTO_WIDTH;
const H = PHOTO_HEIGHT;
const HORIZON = 640;

/** A small deterministic generator (mulberry32) seeded from the photo's key. */
function random(key: string): () => number {
  let seed = 2166136261;
  for (const ch of key) seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Light {
  sky: [string, string, string];
  sun: string;
  ridge: [string, string, string];
  ground: string;
  night: boolean;
}

const DAY: Light = {
  sky: ['#5d9fd8', '#a9d2ef', '#f3e9d2'],
  sun: '#fff6d8',
  ridge: ['#9fb7c9', '#6f8fa3', '#3f6654'],
  ground: '#4f7a3a',
  night: false,
};
const EVENING: Light = {
  sky: ['#3d4f8a', '#e58a5a', '#f8d49a'],
  sun: '#ffe0a0',
  ridge: ['#8c6f86', '#5d4c6b', '#33304a'],
  ground: '#3a3550',
  night: false,
};
const NIGHT: Light = {
  sky: ['#070c24', '#1b2a5c', '#3a3f70'],
  sun: '#f4f1d8',
  ridge: ['#2a3360', '#1c2348', '#10152e'],
  ground: '#0e1228',
  night: true,
};
const MORNING: Light = {
  sky: ['#8fb8e0', '#f2c6b4', '#fbe7c6'],
  sun: '#fff3d6',
  ridge: ['#b3b8cc', '#8791ad', '#566784'],
  ground: '#5f8048',
  night: false,
};

function lightOf(scene: DemoScene, rnd: () => number): Light {
  if (scene === 'night' || scene === 'fireworks' || scene === 'lanterns') return NIGHT;
  const r = rnd();
  return r < 0.5 ? DAY : r < 0.75 ? MORNING : EVENING;
}

/** A mountain ridge as a closed path from the left edge to the right one. */
function ridge(rnd: () => number, base: number, height: number, roughness: number): string {
  const points: string[] = [`M0 ${H}`, `L0 ${base}`];
  let y = base - rnd() * height;
  for (let x = 0; x <= W; x += 40) {
    y += (rnd() - 0.5) * roughness;
    y = Math.min(base, Math.max(base - height, y));
    points.push(`L${x} ${y.toFixed(1)}`);
  }
  points.push(`L${W} ${H}`, 'Z');
  return points.join(' ');
}

function sky(light: Light, rnd: () => number): string {
  const sunX = 250 + rnd() * (W - 500);
  const sunY = light.night ? 160 + rnd() * 120 : 200 + rnd() * 220;
  const stars = light.night
    ? Array.from({ length: 160 }, () => {
        const r = rnd() * 1.6 + 0.4;
        return `<circle cx="${(rnd() * W).toFixed(0)}" cy="${(rnd() * HORIZON * 0.8).toFixed(0)}" r="${r.toFixed(1)}" fill="#fff" opacity="${(0.35 + rnd() * 0.6).toFixed(2)}"/>`;
      }).join('')
    : '';
  const clouds = light.night
    ? ''
    : Array.from({ length: 5 }, () => {
        const cx = rnd() * W;
        const cy = 90 + rnd() * 260;
        return `<ellipse cx="${cx.toFixed(0)}" cy="${cy.toFixed(0)}" rx="${(120 + rnd() * 160).toFixed(0)}" ry="${(18 + rnd() * 20).toFixed(0)}" fill="#fff" opacity="0.55"/>`;
      }).join('');
  return `<rect width="${W}" height="${H}" fill="url(#sky)"/>${stars}
    <circle cx="${sunX.toFixed(0)}" cy="${sunY.toFixed(0)}" r="220" fill="url(#glow)"/>
    <circle cx="${sunX.toFixed(0)}" cy="${sunY.toFixed(0)}" r="${light.night ? 38 : 56}" fill="${light.sun}"/><g filter="url(#soft)">${clouds}</g>`;
}

function ridges(light: Light, rnd: () => number, tall = 1): string {
  return [
    `<path d="${ridge(rnd, HORIZON - 40, 260 * tall, 90)}" fill="${light.ridge[0]}" filter="url(#haze)"/>`,
    `<path d="${ridge(rnd, HORIZON + 20, 200 * tall, 70)}" fill="${light.ridge[1]}" filter="url(#soft)"/>`,
    `<path d="${ridge(rnd, HORIZON + 90, 120 * tall, 50)}" fill="${light.ridge[2]}"/>`,
  ].join('');
}

const ground = (light: Light, y = HORIZON + 80, color = light.ground) =>
  `<rect y="${y}" width="${W}" height="${H - y}" fill="${color}"/>`;

/** A row of trees as soft round crowns in one colour family. */
function trees(rnd: () => number, colors: string[], y: number, count: number, size: number): string {
  const crowns = Array.from({ length: count }, (_, i) => {
    const x = (i + rnd() * 0.8) * (W / count);
    const r = size * (0.7 + rnd() * 0.6);
    const color = colors[Math.floor(rnd() * colors.length)]!;
    return `<rect x="${(x - 6).toFixed(0)}" y="${y.toFixed(0)}" width="12" height="${(r * 1.2).toFixed(0)}" fill="#4a3426"/>
      <circle cx="${x.toFixed(0)}" cy="${(y - r * 0.2).toFixed(0)}" r="${r.toFixed(0)}" fill="${color}"/>
      <circle cx="${(x - r * 0.4).toFixed(0)}" cy="${(y - r * 0.5).toFixed(0)}" r="${(r * 0.6).toFixed(0)}" fill="#fff" opacity="0.12"/>`;
  }).join('');
  return `<g filter="url(#soft)">${crowns}</g>`;
}

/** A Japanese roof (irimoya-like) over a box: used for castle keeps, houses and temple halls. */
function roofedBuilding(x: number, y: number, w: number, h: number, wall: string, roof: string): string {
  const eave = w * 0.14;
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${wall}"/>
    <path d="M${x - eave} ${y + 6} Q${x + w / 2} ${y - h * 0.18} ${x + w + eave} ${y + 6} L${x + w * 0.78} ${y - h * 0.42} L${x + w * 0.22} ${y - h * 0.42} Z" fill="${roof}"/>`;
}

function subject(scene: DemoScene, light: Light, rnd: () => number): string {
  const dark = light.night ? '#1a1a2a' : '#2f2a2a';
  switch (scene) {
    case 'castle': {
      const x = 560 + rnd() * 300;
      return `${ridges(light, rnd, 0.6)}${ground(light)}
        <path d="M${x - 160} ${HORIZON + 120} L${x - 110} ${HORIZON - 40} L${x + 330} ${HORIZON - 40} L${x + 380} ${HORIZON + 120} Z" fill="#8b8478"/>
        ${roofedBuilding(x, HORIZON - 150, 220, 110, '#f1efe8', dark)}
        ${roofedBuilding(x + 30, HORIZON - 260, 160, 90, '#f1efe8', dark)}
        ${roofedBuilding(x + 60, HORIZON - 345, 100, 70, '#f1efe8', dark)}
        ${trees(rnd, ['#f6c6d6', '#f3b3c9', '#fbd9e4'], HORIZON + 150, 9, 70)}`;
    }
    case 'town': {
      const houses = Array.from({ length: 7 }, (_, i) => {
        const w = 200 + rnd() * 40;
        const x = i * 235 - 40;
        return roofedBuilding(x, HORIZON - 30, w, 240, i % 2 ? '#efe6d6' : '#d9c6a5', '#3b3a40');
      }).join('');
      return `${ridges(light, rnd, 0.8)}${houses}
        <rect y="${HORIZON + 210}" width="${W}" height="${H - HORIZON - 210}" fill="#9c9184"/>
        <path d="M0 ${H} L${W / 2 - 60} ${HORIZON + 210} L${W / 2 + 60} ${HORIZON + 210} L${W} ${H} Z" fill="#b5ab9d"/>`;
    }
    case 'torii':
    case 'temple': {
      const red = scene === 'torii' ? '#c8382e' : '#6b4a32';
      const x = W / 2;
      const gate =
        scene === 'torii'
          ? `<rect x="${x - 230}" y="${HORIZON - 260}" width="34" height="420" fill="${red}"/>
             <rect x="${x + 196}" y="${HORIZON - 260}" width="34" height="420" fill="${red}"/>
             <rect x="${x - 290}" y="${HORIZON - 300}" width="580" height="34" rx="6" fill="${dark}"/>
             <rect x="${x - 260}" y="${HORIZON - 262}" width="520" height="26" fill="${red}"/>
             <rect x="${x - 250}" y="${HORIZON - 200}" width="500" height="20" fill="${red}"/>`
          : roofedBuilding(x - 260, HORIZON - 170, 520, 230, '#c9b48f', '#34302c');
      return `${ridges(light, rnd)}${trees(rnd, ['#2f5a35', '#3d6b3f', '#264d30'], HORIZON + 40, 10, 90)}
        ${ground(light, HORIZON + 150, '#b7ab97')}
        <path d="M${x - 90} ${H} L${x - 40} ${HORIZON + 150} L${x + 40} ${HORIZON + 150} L${x + 90} ${H} Z" fill="#d8ccb6"/>${gate}`;
    }
    case 'onsen': {
      const puffs = Array.from({ length: 9 }, () => {
        const cx = 300 + rnd() * 1000;
        return `<ellipse cx="${cx.toFixed(0)}" cy="${(HORIZON - 40 - rnd() * 200).toFixed(0)}" rx="${(60 + rnd() * 60).toFixed(0)}" ry="${(90 + rnd() * 70).toFixed(0)}" fill="#fff" opacity="0.35"/>`;
      }).join('');
      const steam = `<g filter="url(#haze)">${puffs}</g>`;
      const rocks = Array.from({ length: 14 }, (_, i) => {
        const cx = (i / 13) * W;
        return `<ellipse cx="${cx.toFixed(0)}" cy="${(HORIZON + 130 + rnd() * 30).toFixed(0)}" rx="${(80 + rnd() * 60).toFixed(0)}" ry="${(40 + rnd() * 20).toFixed(0)}" fill="#5b5752"/>`;
      }).join('');
      return `${ridges(light, rnd)}${trees(rnd, ['#2f5a35', '#7a9a4a', '#c9793a'], HORIZON + 40, 8, 90)}
        ${ground(light, HORIZON + 100, '#6c665e')}
        <ellipse cx="${W / 2}" cy="${HORIZON + 260}" rx="${W * 0.55}" ry="150" fill="url(#water)"/>${rocks}${steam}`;
    }
    case 'river':
    case 'falls': {
      const bridge =
        scene === 'river'
          ? `<path d="M120 ${HORIZON + 70} Q${W / 2} ${HORIZON - 130} ${W - 120} ${HORIZON + 70}" stroke="#b33a2c" stroke-width="26" fill="none"/>
             ${Array.from({ length: 9 }, (_, i) => `<rect x="${220 + i * 145}" y="${HORIZON - 60 + Math.abs(i - 4) * 28}" width="10" height="${70 + Math.abs(i - 4) * 6}" fill="#b33a2c"/>`).join('')}`
          : `<path d="M${W / 2 - 80} ${HORIZON - 330} L${W / 2 + 80} ${HORIZON - 330} L${W / 2 + 130} ${HORIZON + 120} L${W / 2 - 130} ${HORIZON + 120} Z" fill="#e6f2f7" filter="url(#soft)"/>`;
      return `${ridges(light, rnd, scene === 'falls' ? 1.6 : 1)}${trees(rnd, ['#2f5a35', '#3d6b3f', '#5f8a45'], HORIZON + 60, 12, 70)}
        <path d="M0 ${HORIZON + 110} Q${W / 2} ${HORIZON + 70} ${W} ${HORIZON + 110} L${W} ${H} L0 ${H} Z" fill="url(#water)"/>${bridge}
        ${Array.from({ length: 12 }, () => `<rect x="${(rnd() * W).toFixed(0)}" y="${(HORIZON + 150 + rnd() * 200).toFixed(0)}" width="${(60 + rnd() * 120).toFixed(0)}" height="3" fill="#fff" opacity="0.5"/>`).join('')}`;
    }
    case 'mountains':
      return `${ridges(light, rnd, 1.5)}${trees(rnd, ['#2f5a35', '#3d6b3f', '#5f8a45'], HORIZON + 170, 14, 80)}${ground(light, HORIZON + 230)}`;
    case 'terraces':
    case 'sunflowers': {
      const bands = Array.from({ length: 8 }, (_, i) => {
        const y = HORIZON + 40 + i * 48;
        const fill = scene === 'terraces' ? (i % 2 ? '#8fb84a' : '#a8c95a') : i % 2 ? '#f0c419' : '#e3a712';
        return `<path d="M0 ${y} Q${W / 3} ${y - 40 + rnd() * 30} ${W} ${y + 10} L${W} ${H} L0 ${H} Z" fill="${fill}"/>`;
      }).join('');
      const flowers =
        scene === 'sunflowers'
          ? Array.from({ length: 90 }, () => {
              const y = HORIZON + 200 + rnd() * 300;
              const r = 6 + (y - HORIZON) / 30;
              return `<circle cx="${(rnd() * W).toFixed(0)}" cy="${y.toFixed(0)}" r="${r.toFixed(0)}" fill="#ffd21f" stroke="#7a4a12" stroke-width="${(r / 3).toFixed(0)}"/>`;
            }).join('')
          : '';
      return `${ridges(light, rnd)}${bands}${flowers}`;
    }
    case 'blossom':
    case 'autumn':
    case 'orchard': {
      const colors =
        scene === 'blossom'
          ? ['#f6c6d6', '#f3b3c9', '#fbd9e4', '#f7cfe0']
          : scene === 'autumn'
            ? ['#d9482b', '#e8752a', '#f2a93b', '#b8322a']
            : ['#4d7f3a', '#5f9445', '#3e6b33'];
      const fruit =
        scene === 'orchard'
          ? Array.from(
              { length: 60 },
              () =>
                `<circle cx="${(rnd() * W).toFixed(0)}" cy="${(HORIZON - 40 + rnd() * 140).toFixed(0)}" r="9" fill="#d8342c"/>`,
            ).join('')
          : '';
      return `${ridges(light, rnd)}${ground(light, HORIZON + 60, '#6f8a4a')}
        ${trees(rnd, colors, HORIZON + 40, 9, 110)}${trees(rnd, colors, HORIZON + 200, 6, 160)}${fruit}
        <path d="M${W / 2 - 60} ${H} L${W / 2 - 20} ${HORIZON + 120} L${W / 2 + 20} ${HORIZON + 120} L${W / 2 + 60} ${H} Z" fill="#c9b99a"/>`;
    }
    case 'night': {
      const fireflies = Array.from(
        { length: 70 },
        () =>
          `<circle cx="${(rnd() * W).toFixed(0)}" cy="${(HORIZON + rnd() * 300).toFixed(0)}" r="4" fill="#e9ff8a"/>`,
      ).join('');
      return `${ridges(light, rnd)}${ground(light)}<g filter="url(#soft)">${fireflies}</g>`;
    }
    case 'fireworks': {
      const bursts = Array.from({ length: 5 }, () => {
        const cx = 200 + rnd() * (W - 400);
        const cy = 140 + rnd() * 300;
        const r = 90 + rnd() * 110;
        const color = ['#ffd166', '#ef476f', '#06d6a0', '#8ecae6', '#ffffff'][Math.floor(rnd() * 5)]!;
        return Array.from({ length: 28 }, (_, i) => {
          const a = (i / 28) * Math.PI * 2;
          return `<line x1="${cx}" y1="${cy}" x2="${(cx + Math.cos(a) * r).toFixed(0)}" y2="${(cy + Math.sin(a) * r).toFixed(0)}" stroke="${color}" stroke-width="3" stroke-linecap="round" opacity="0.85"/>`;
        }).join('');
      }).join('');
      return `${bursts}${ridges(light, rnd, 0.5)}<rect y="${HORIZON + 90}" width="${W}" height="${H - HORIZON - 90}" fill="url(#water)"/>`;
    }
    case 'lanterns':
    case 'market': {
      const night = scene === 'lanterns';
      const stalls = Array.from({ length: 6 }, (_, i) => {
        const x = i * 270 + 20;
        const awning = ['#c8382e', '#2a6f97', '#e9c46a', '#f4f1e8'][i % 4]!;
        return `<rect x="${x}" y="${HORIZON - 10}" width="230" height="200" fill="#6b4a32"/>
          <path d="M${x - 15} ${HORIZON - 10} L${x + 245} ${HORIZON - 10} L${x + 225} ${HORIZON - 70} L${x + 5} ${HORIZON - 70} Z" fill="${awning}"/>
          ${Array.from({ length: 5 }, (_, j) => `<circle cx="${x + 30 + j * 42}" cy="${HORIZON + 150}" r="16" fill="${['#e76f51', '#f4a261', '#2a9d8f', '#e9c46a', '#90be6d'][(i + j) % 5]}"/>`).join('')}`;
      }).join('');
      const lanterns = Array.from({ length: 16 }, (_, i) => {
        const x = 60 + i * 98;
        const y = HORIZON - 150 + Math.sin(i / 2) * 20;
        return `<line x1="${x}" y1="${y - 40}" x2="${x}" y2="${y}" stroke="#222" stroke-width="2"/>
          <ellipse cx="${x}" cy="${y + 24}" rx="24" ry="32" fill="${night ? '#ffb347' : '#e05a3a'}"/>
          <ellipse cx="${x}" cy="${y + 24}" rx="18" ry="26" fill="${night ? '#ffe1a8' : '#f08a5d'}"/>`;
      }).join('');
      return `${ridges(light, rnd, 0.5)}${ground(light, HORIZON + 60, night ? '#2b2238' : '#b9ab93')}${stalls}
        <path d="M0 ${HORIZON - 190} Q${W / 2} ${HORIZON - 120} ${W} ${HORIZON - 190}" stroke="#222" stroke-width="2" fill="none"/>${lanterns}`;
    }
    case 'food': {
      const table = '#7a5234';
      const bowl = ['#2f3b4c', '#8c3b2f', '#efe9dc'][Math.floor(rnd() * 3)]!;
      return `<rect width="${W}" height="${H}" fill="#e9dcc6"/>
        <rect y="${H * 0.45}" width="${W}" height="${H * 0.55}" fill="${table}"/>
        ${Array.from({ length: 12 }, (_, i) => `<rect y="${H * 0.45 + i * 46}" width="${W}" height="2" fill="#5e3e27" opacity="0.6"/>`).join('')}
        <ellipse cx="${W / 2 + 40}" cy="${H * 0.7 + 40}" rx="420" ry="110" fill="#000" opacity="0.25" filter="url(#haze)"/>
        <path d="M${W / 2 - 380} ${H * 0.58} Q${W / 2} ${H * 1.02} ${W / 2 + 380} ${H * 0.58} Z" fill="${bowl}"/>
        <ellipse cx="${W / 2}" cy="${H * 0.58}" rx="380" ry="90" fill="#caa56a"/>
        ${Array.from({ length: 40 }, () => `<path d="M${(W / 2 - 300 + rnd() * 600).toFixed(0)} ${(H * 0.56 + rnd() * 30).toFixed(0)} q40 ${(-20 + rnd() * 40).toFixed(0)} 80 0" stroke="#8a6a3a" stroke-width="5" fill="none"/>`).join('')}
        <circle cx="${W / 2 + 120}" cy="${H * 0.56}" r="34" fill="#5d8c3a"/>
        <rect x="${W * 0.12}" y="${H * 0.62}" width="300" height="10" rx="5" fill="#3b2a1e" transform="rotate(-8 ${W * 0.12} ${H * 0.62})"/>`;
    }
  }
}

/** The SVG of one scene: sky and light, the subject, then a soft vignette like a lens's. */
export function demoPhotoSvg(scene: DemoScene, key: string, scale = 1): string {
  const rnd = random(key);
  const light = lightOf(scene, rnd);
  const indoor = scene === 'food';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W * scale}" height="${H * scale}" viewBox="0 0 ${W} ${H}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${light.sky[0]}"/><stop offset="0.55" stop-color="${light.sky[1]}"/><stop offset="1" stop-color="${light.sky[2]}"/>
    </linearGradient>
    <radialGradient id="glow"><stop offset="0" stop-color="${light.sun}" stop-opacity="0.7"/><stop offset="1" stop-color="${light.sun}" stop-opacity="0"/></radialGradient>
    <linearGradient id="water" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${light.night ? '#1e2a55' : '#7fb2cf'}"/><stop offset="1" stop-color="${light.night ? '#0b1030' : '#2f6a8a'}"/>
    </linearGradient>
    <radialGradient id="vignette" cx="0.5" cy="0.5" r="0.75"><stop offset="0.6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/></radialGradient>
    <filter id="haze"><feGaussianBlur stdDeviation="14"/></filter>
    <filter id="soft"><feGaussianBlur stdDeviation="3"/></filter>
  </defs>
  ${indoor ? '' : sky(light, rnd)}
  ${subject(scene, light, rnd)}
  <rect width="${W}" height="${H}" fill="url(#vignette)"/>
</svg>`;
}

/**
 * One demo photo as a JPEG, as a camera would hand it over (the pipeline re-encodes it anyway).
 * Painted at half size and scaled up: the blur filters cost a quarter, and the result is soft
 * like a photo rather than crisp like a drawing.
 */
export async function renderDemoPhoto(scene: DemoScene, key: string): Promise<Buffer> {
  const sharp = await imageLibrary();
  const painted = await sharp(Buffer.from(demoPhotoSvg(scene, key, 0.5)))
    .png()
    .toBuffer();
  return sharp(painted).resize(W, H).jpeg({ quality: 84 }).toBuffer();
}
