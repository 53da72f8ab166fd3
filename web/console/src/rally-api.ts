import { api } from './api';

/** The stamp rally's console API (GET/POST /api/v1/rally/campaigns…); shapes as the server answers. */

import type { CheckInMethod, RevisionAction, RotatingCodeScreen } from '../../../src/contract/rally';
import type { CampaignStatistics } from '../../../src/contract/rally-statistics';

export { CHECK_IN_METHODS, type CheckInMethod, type RotatingCodeScreen } from '../../../src/contract/rally';

export interface RallyCheckpoint {
  id: string;
  position: number;
  spotId: string | null;
  name: Record<string, string>;
  lat: number;
  lng: number;
  method: CheckInMethod;
  radiusM: number;
}

export interface PrizeTier {
  id: string;
  name: { ja: string; en?: string };
  minStamps?: number;
  requiredCheckpointIds?: string[];
  quantity?: number;
  award: 'lottery' | 'first_come';
}

export interface SurveyQuestion {
  id: string;
  kind: 'single' | 'multiple' | 'text' | 'prefecture' | 'age_band';
  label: { ja: string; en?: string };
  choices?: { id: string; label: { ja: string; en?: string } }[];
  required: boolean;
}

export interface RallyCampaign {
  id: string;
  slug: string;
  status: 'draft' | 'published' | 'ended' | 'archived';
  version: number;
  texts: {
    name: Record<string, string>;
    description?: Record<string, string>;
    rules?: Record<string, string>;
  };
  startsAt: string;
  endsAt: string;
  retentionDays: number;
  keyVersion: number;
  publishedAt: string | null;
  prizeTiers: PrizeTier[];
  survey: SurveyQuestion[];
  personalDataDeletedAt: string | null;
}

export interface RallyCampaignDetail extends RallyCampaign {
  checkpoints: RallyCheckpoint[];
}

/** The statistics' shape is the server's schema (src/contract/rally-statistics.ts), as a type only. */
export type RallyStatistics = CampaignStatistics;

export interface RallyApplicant {
  id: string;
  participantId: string;
  tierId: string;
  status: string;
  appliedAt: string;
  answers: Record<string, unknown>;
  personal: { name: string; postalCode: string; address: string; phone: string; email: string } | null;
}

/** One version in a campaign's history (履歴). */
export interface RallyRevision {
  version: number;
  action: RevisionAction;
  restoredFrom: number | null;
  actorId: string | null;
  actorName: string | null;
  createdAt: string;
}

/** What a version held: the campaign's editable state. */
export interface RallySnapshot {
  slug: string;
  status: RallyCampaign['status'];
  texts: RallyCampaign['texts'];
  startsAt: string;
  endsAt: string;
  retentionDays: number;
  prizeTiers: PrizeTier[];
  survey: SurveyQuestion[];
  checkpoints: RallyCheckpoint[];
}

const base = '/rally/campaigns';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const fetchCampaigns = () => api.get<RallyCampaign[]>(base);
export const fetchCampaign = (id: string) => api.get<RallyCampaignDetail>(one(id));
export const createCampaign = (body: unknown) => api.post<RallyCampaignDetail>(base, body);
export const transitionCampaign = (id: string, to: 'published' | 'ended' | 'archived') =>
  api.post<RallyCampaignDetail>(`${one(id)}/transition`, { to });
export const rotateCampaignKey = (id: string) => api.post<RallyCampaignDetail>(`${one(id)}/rotate-key`);
export const addCheckpoint = (id: string, body: unknown) =>
  api.post<RallyCheckpoint>(`${one(id)}/checkpoints`, body);
export const savePrizes = (
  id: string,
  body: { version: number; prizeTiers: PrizeTier[]; survey: SurveyQuestion[] },
) => api.put<RallyCampaignDetail>(`${one(id)}/prizes`, body);
export const fetchRevisions = (id: string) => api.get<{ items: RallyRevision[] }>(`${one(id)}/revisions`);
export const fetchRevision = (id: string, version: number) =>
  api.get<RallyRevision & { snapshot: RallySnapshot }>(`${one(id)}/revisions/${version}`);
/** `current`: the version on screen (refused with version_conflict when someone saved since). */
export const restoreRevision = (id: string, version: number, current: number) =>
  api.post<RallyCampaignDetail>(`${one(id)}/revisions/${version}/restore`, { version: current });
export const fetchStatistics = (id: string) => api.get<RallyStatistics>(`${one(id)}/statistics`);
export const fetchCredentials = (id: string, checkpointId: string) =>
  api.get<{ url: string; staffCode: string | null; keyVersion: number }>(
    `${one(id)}/checkpoints/${encodeURIComponent(checkpointId)}/credentials`,
  );
export const fetchRotatingCode = (id: string, checkpointId: string) =>
  api.get<RotatingCodeScreen>(`${one(id)}/checkpoints/${encodeURIComponent(checkpointId)}/rotating-code`);
export const voidStamp = (
  id: string,
  body: { participantId: string; checkpointId: string; reason: string },
) => api.post<void>(`${one(id)}/stamps/void`, body);
export const fetchApplicants = (id: string) => api.get<RallyApplicant[]>(`${one(id)}/applicants`);
export const drawLottery = (id: string, tierId: string) =>
  api.post<{ won: number; lost: number }>(`${one(id)}/prizes/${encodeURIComponent(tierId)}/draw`);

/** Plain links (the browser downloads with the session cookie). */
export const posterUrl = (id: string, checkpointId: string) =>
  `/api/v1${one(id)}/checkpoints/${encodeURIComponent(checkpointId)}/poster.pdf`;
export const postersZipUrl = (id: string) => `/api/v1${one(id)}/posters.zip`;
export const applicantsCsvUrl = (id: string) => `/api/v1${one(id)}/applicants.csv`;
export const statisticsCsvUrl = (id: string) => `/api/v1${one(id)}/statistics.csv`;
