/** Message keys of the support desk's and break-glass codes; loads their messages. No React. */
import type { BreakGlassStatus, SupportCategory, SupportStatus } from '../../../src/contract/support';
import type { MessageKey } from './i18n';
import './i18n-support';

export const CATEGORY_KEYS: Record<SupportCategory, MessageKey> = {
  security: 'support.category.security',
  breach: 'support.category.breach',
  bug: 'support.category.bug',
  inquiry: 'support.category.inquiry',
};

export const STATUS_KEYS: Record<SupportStatus, MessageKey> = {
  new: 'support.status.new',
  open: 'support.status.open',
  waiting: 'support.status.waiting',
  resolved: 'support.status.resolved',
  closed: 'support.status.closed',
};

export const GRANT_STATUS_KEYS: Record<BreakGlassStatus, MessageKey> = {
  requested: 'breakGlass.status.requested',
  active: 'breakGlass.status.active',
  ended: 'breakGlass.status.ended',
  refused: 'breakGlass.status.refused',
};
