/** Message keys of the notices' codes; loads their messages. No React. */
import { NOTICE_CATEGORIES, NOTICE_MAIL_STATES } from '../../../src/contract/notices';
import { keysByCode } from './message-keys';
import './i18n-notices';

export const NOTICE_CATEGORY_KEYS = keysByCode('notices.category', NOTICE_CATEGORIES);

export const MAIL_STATE_KEYS = keysByCode('ops.notices.mail', NOTICE_MAIL_STATES);
