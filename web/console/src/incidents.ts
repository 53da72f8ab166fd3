/**
 * The provider's incidents as both consoles fetch them; the shapes are the server's contract
 * (src/contract/incidents.ts), imported as types only. No React.
 */
import type {
  Incident,
  IncidentSeverity,
  IncidentStatus,
  OpsIncident,
} from '../../../src/contract/incidents';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../../../src/contract/incidents';
import { api } from './api';
import { keysByCode } from './message-keys';
import './i18n-notices';

export type { Incident, IncidentSeverity, IncidentStatus, OpsIncident };
export { INCIDENT_SEVERITIES };

export const INCIDENT_STATUS_KEYS = keysByCode('incidents.status', INCIDENT_STATUSES);

export const SEVERITY_KEYS = keysByCode('incidents.severity', INCIDENT_SEVERITIES);

type Text = { ja: string; en?: string };

export const fetchOwnIncidents = () => api.get<{ items: Incident[] }>('/incidents');
export const fetchOpsIncidents = () => api.get<{ items: OpsIncident[] }>('/ops/incidents');
export const openIncident = (input: {
  title: Text;
  impact: Text;
  severity: IncidentSeverity;
  functions: string[];
  organisations: 'all' | string[];
  message: Text;
}) => api.post<OpsIncident>('/ops/incidents', input);
export const addIncidentUpdate = (id: string, input: { status: IncidentStatus; message: Text }) =>
  api.post<OpsIncident>(`/ops/incidents/${encodeURIComponent(id)}/updates`, input);
export const publishIncidentReport = (
  id: string,
  input: { whatHappened: Text; dataAffected: Text; actions: Text },
) => api.put<OpsIncident>(`/ops/incidents/${encodeURIComponent(id)}/report`, input);
