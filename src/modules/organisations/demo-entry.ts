/**
 * The demo as the server reaches it. Its content and photos pull in most other modules (content,
 * rally, media, site settings, operators, users): they are loaded when a start provisions the
 * demo, not by every process that imports this module (a CLI command naming an organisation).
 */
import type { DemoItems, ensureDemoOrganisation as ensure } from './demo.js';
import type { addDemoPhotos as addPhotos } from './demo-photo-seeding.js';

export const DEMO_SERVICE_CODE = 'demo';

export async function ensureDemoOrganisation(...args: Parameters<typeof ensure>): ReturnType<typeof ensure> {
  return (await import('./demo.js')).ensureDemoOrganisation(...args);
}

export async function addDemoPhotos(...args: Parameters<typeof addPhotos>): ReturnType<typeof addPhotos> {
  return (await import('./demo-photo-seeding.js')).addDemoPhotos(...args);
}

export type { DemoItems };
