// Copies what tsc does not emit (SQL migrations, the common-password list) next to the built code.
import fs from 'node:fs';

fs.cpSync('src/db/migrations', 'dist/src/db/migrations', { recursive: true });
fs.mkdirSync('dist/src/platform/auth', { recursive: true });
fs.copyFileSync('src/platform/auth/common-passwords.txt', 'dist/src/platform/auth/common-passwords.txt');
// The public site's stylesheet and script (Leaflet is served from its package).
fs.cpSync('src/site/assets', 'dist/src/site/assets', { recursive: true });
