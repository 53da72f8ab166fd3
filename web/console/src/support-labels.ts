/** Message keys of the support desk's and break-glass codes; loads their messages. No React. */
import { type BreakGlassStatus, SUPPORT_CATEGORIES, SUPPORT_STATUSES } from '../../../src/contract/support';
import type { MessageKey } from './i18n';
import { keysByCode } from './message-keys';
import './i18n-support';

export const CATEGORY_KEYS = keysByCode('support.category', SUPPORT_CATEGORIES);

export const STATUS_KEYS = keysByCode('support.status', SUPPORT_STATUSES);

export const GRANT_STATUS_KEYS: Record<BreakGlassStatus, MessageKey> = {
  requested: 'breakGlass.status.requested',
  active: 'breakGlass.status.active',
  ended: 'breakGlass.status.ended',
  refused: 'breakGlass.status.refused',
};
