import type { OrganisationStatus, Role, UserStatus } from './api';
import type { MessageKey } from './i18n';

export const roleKeys: Record<Role, MessageKey> = { admin: 'role.admin', general: 'role.general' };

export const userStatusKeys: Record<UserStatus, MessageKey> = {
  invited: 'users.status.invited',
  active: 'users.status.active',
  suspended: 'users.status.suspended',
};

export const organisationStatusKeys: Record<OrganisationStatus, MessageKey> = {
  active: 'ops.orgs.status.active',
  suspended: 'ops.orgs.status.suspended',
  terminated: 'ops.orgs.status.terminated',
  purged: 'lifecycle.status.purged',
};

/** Message key for a data region code; unknown regions are shown as their code. */
export function regionKey(region: string): MessageKey | undefined {
  return region === 'jp' ? 'region.jp' : undefined;
}
