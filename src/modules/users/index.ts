// What other modules may use of the organisation's accounts.
export { listUserRows, type UserRow } from './users.repo.js';
