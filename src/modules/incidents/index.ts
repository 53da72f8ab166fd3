// What other parts of mitte-C may use of the incidents module (the provider's incident reports).

export { findIncident } from './incidents.repo.js';
export { registerIncidentRoutes } from './incidents.routes.js';
