/** Message keys for the codes of the content model (categories, statuses, days, …). No React. */
import type { MessageKey } from '../i18n';
import { keysByCode } from '../message-keys';
import {
  BARRIER_FREE,
  type ContentKind,
  DAY_CODES,
  EVENT_STATUSES,
  LANGUAGES,
  STATUSES,
  TRAVEL_MODES,
} from './model';
import '../i18n-content';

export const STATUS_KEYS = keysByCode('content.status', STATUSES);

export const CONTENT_LANG_KEYS = keysByCode('contentLang', LANGUAGES);

export const DAY_KEYS = keysByCode('day', DAY_CODES);

export const BARRIER_FREE_KEYS = keysByCode('barrierFree', BARRIER_FREE);

export const TRAVEL_MODE_KEYS = keysByCode('travelMode', TRAVEL_MODES);

export const EVENT_STATUS_KEYS = keysByCode('eventStatus', EVENT_STATUSES);

/** What a revision records (`note`): the step that made it. */
export const REVISION_NOTE_KEYS: Readonly<Record<string, MessageKey>> = {
  created: 'revision.note.created',
  edited: 'revision.note.edited',
  submit: 'revision.note.submit',
  withdraw: 'revision.note.withdraw',
  publish: 'revision.note.publish',
  unpublish: 'revision.note.unpublish',
  scheduled: 'revision.note.scheduled',
  restored: 'revision.note.restored',
};

/** Names of the data fields, for error lists and the revision comparison. */
export const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  name: 'field.name',
  title: 'field.title',
  kana: 'field.kana',
  category: 'field.category',
  tags: 'field.tags',
  description: 'field.description',
  summary: 'field.summary',
  body: 'field.body',
  address: 'field.address',
  lat: 'field.lat',
  lng: 'field.lng',
  openingHours: 'field.openingHours',
  days: 'field.days',
  opens: 'field.opens',
  closes: 'field.closes',
  validFrom: 'field.validFrom',
  validTo: 'field.validTo',
  note: 'field.note',
  fees: 'field.fees',
  basicYen: 'field.basicYen',
  detail: 'field.feeDetail',
  access: 'field.access',
  parking: 'field.parking',
  barrierFree: 'field.barrierFree',
  barrierFreeNote: 'field.barrierFreeNote',
  contact: 'field.contact',
  phone: 'field.phone',
  extension: 'field.extension',
  url: 'field.url',
  imageIds: 'field.imageIds',
  heroImageId: 'field.heroImageId',
  notes: 'field.notes',
  poiCode: 'field.poiCode',
  externalId: 'field.externalId',
  startDate: 'field.startDate',
  endDate: 'field.endDate',
  startTime: 'field.startTime',
  endTime: 'field.endTime',
  allDay: 'field.allDay',
  recurrence: 'field.recurrence',
  eventStatus: 'field.eventStatus',
  previousStartDate: 'field.previousStartDate',
  venue: 'field.venue',
  spotId: 'field.spotId',
  organiser: 'field.organiser',
  capacity: 'field.capacity',
  application: 'field.application',
  deadline: 'field.deadline',
  deadlineTime: 'field.deadlineTime',
  method: 'field.method',
  stops: 'field.stops',
  stayMinutes: 'field.stayMinutes',
  travelMode: 'field.travelMode',
  minutesToNext: 'field.minutesToNext',
  relatedSpotIds: 'field.relatedSpotIds',
  version: 'field.version',
  publishAt: 'field.publishAt',
  unpublishAt: 'field.unpublishAt',
};

/** The name of each kind (the module's title): 観光スポット, イベント, モデルコース, 特集記事. */
export const KIND_KEYS: Record<ContentKind, MessageKey> = {
  spot: 'module.spots.title',
  event: 'module.events.title',
  course: 'module.courses.title',
  article: 'module.articles.title',
};

export const KIND_DESCRIPTION_KEYS: Record<ContentKind, MessageKey> = {
  spot: 'module.spots.description',
  event: 'module.events.description',
  course: 'module.courses.description',
  article: 'module.articles.description',
};
