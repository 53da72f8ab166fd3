// What other modules may use of the organisations module (the provider's registry of tenants).
export { ServiceCode } from './organisation.schema.js';
