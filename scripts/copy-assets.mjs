// Copies what tsc does not emit (SQL migrations) next to the built code.
import fs from 'node:fs';

fs.cpSync('src/db/migrations', 'dist/src/db/migrations', { recursive: true });
