import { Type } from 'typebox';

/** How an organisation is named in the operators' views (registry, lifecycle, capacity). */
export const OrganisationNames = {
  serviceCode: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
};

/** An organisation as the operators' API shows it (shared with the console). */
export type OrganisationStatus = 'active' | 'suspended' | 'terminated' | 'purged';

export interface OrganisationSummary {
  serviceCode: string;
  nameJa: string;
  nameEn: string;
  lgCode: string | null;
  status: OrganisationStatus;
  dataRegion: string;
  contractStart: string | null;
  contractEnd: string | null;
  /** The organisation's own domain for its public site, if mapped. */
  siteDomain: string | null;
  createdAt: string;
}
