/** The provider's incidents as the API shows them (shared with the console). */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_SEVERITIES = ['minor', 'major', 'critical'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export interface IncidentText {
  ja: string;
  en: string;
}

export interface IncidentUpdate {
  status: IncidentStatus;
  message: IncidentText;
  at: string;
}

/** The post-incident report (事後報告). */
export interface IncidentReport {
  whatHappened: IncidentText;
  dataAffected: IncidentText;
  actions: IncidentText;
  at: string;
}

/** An incident with its timeline, oldest update first. */
export interface Incident {
  id: string;
  title: IncidentText;
  impact: IncidentText;
  severity: IncidentSeverity;
  functions: string[];
  status: IncidentStatus;
  openedAt: string;
  resolvedAt: string | null;
  updates: IncidentUpdate[];
  report: IncidentReport | null;
}

/** Operators also see which organisations it affects. */
export interface OpsIncident extends Incident {
  audience: 'all' | 'list';
  organisations: string[];
}

/** The public status page: no organisation is named. */
export interface ProviderStatus {
  incidents: Incident[];
  maintenance: { title: IncidentText; start: string; end: string }[];
}
