// What the module list and the tests may use of housekeeping (purging spent rows).
export { RETENTION, runHousekeeping, startHousekeeping } from './housekeeping.js';
