/**
 * The municipal standard rows (観光施設一覧, イベント一覧) to and from the content model. Pure:
 * what the standard has no column for is kept from the existing item.
 */
import type { EventData, SpotData } from '../content/index.js';
import type { ParsedEvent, ParsedSpot } from './lib/opendata-types.js';

type Loc = { ja: string; en?: string };

/** A per-language text from open-data cells; languages the file does not carry are kept. */
function text(
  ja: string | null | undefined,
  en?: string | null,
  keep?: Record<string, string>,
): Loc | undefined {
  if (!ja && !en) return undefined;
  return { ...(keep ?? {}), ja: ja ?? '', ...(en ? { en } : {}) } as Loc;
}

function clean<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function contactFrom(c: ParsedSpot['contact']) {
  return c.name || c.phone || c.extension
    ? { name: c.name ?? undefined, phone: c.phone ?? undefined, extension: c.extension ?? undefined }
    : undefined;
}

function contactTo(c: SpotData['contact']): ParsedSpot['contact'] {
  return { name: c?.name ?? null, phone: c?.phone ?? null, extension: c?.extension ?? null };
}

function feesFrom(f: ParsedSpot['fees'], existing?: { detail?: Record<string, string> }) {
  return f.basicYen !== null || f.detail
    ? { basicYen: f.basicYen, detail: text(f.detail, null, keepOf(existing?.detail)) }
    : undefined;
}

/** Translations the standard has no column for are kept when a re-import updates the Japanese. */
function keepOf(existing: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!existing) return undefined;
  const { ja: _ja, en: _en, ...others } = existing;
  return { ...(existing.en ? { en: existing.en } : {}), ...others };
}

/** Japanese and English of a text (the standard's columns carry no other language). */
function bilingual(loc: Loc): ParsedSpot['name'] {
  return { ja: loc.ja, ...(loc.en ? { en: loc.en } : {}) };
}

/** The start both standards' rows share: publisher (filled in by the export), id, name, kana. */
function headTo(data: Pick<SpotData & EventData, 'externalId' | 'name' | 'kana'>) {
  return {
    publisher: { municipalityCode: null, prefecture: null, municipality: null },
    externalId: data.externalId ?? null,
    name: bilingual(data.name),
    kana: data.kana ?? null,
  };
}

/** The end both standards' rows share: image, its licence, URL and notes. */
function linksTo(data: Pick<SpotData & EventData, 'image' | 'imageLicense' | 'url' | 'notes'>) {
  return {
    image: data.image ?? null,
    imageLicense: data.imageLicense ?? null,
    url: data.url ?? null,
    notes: data.notes?.ja || null,
  };
}

function linksFrom(
  p: Pick<ParsedSpot & ParsedEvent, 'image' | 'imageLicense' | 'url' | 'notes'>,
  existing?: Pick<SpotData & EventData, 'notes'>,
) {
  return {
    image: p.image ?? undefined,
    imageLicense: p.imageLicense ?? undefined,
    url: p.url ?? undefined,
    notes: text(p.notes, null, keepOf(existing?.notes)),
  };
}

export function spotFromOpenData(p: ParsedSpot, existing?: SpotData): SpotData {
  return clean({
    // What the standard has no column for stays as it was (category, tags, barrier-free codes…).
    ...(existing ?? {}),
    category: existing?.category ?? 'other',
    name: text(p.name.ja, p.name.en, existing?.name as Record<string, string>)!,
    kana: p.kana ?? undefined,
    poiCode: p.poiCode ?? undefined,
    externalId: p.externalId ?? undefined,
    address: text(p.address, null, keepOf(existing?.address)),
    addressDetail: text(p.addressDetail, null, keepOf(existing?.addressDetail)),
    lat: p.lat ?? undefined,
    lng: p.lng ?? undefined,
    openingHours: p.openingHours.length
      ? p.openingHours.map((h) => ({
          days: h.days,
          opens: h.opens,
          closes: h.closes,
          ...(h.note ? { note: { ja: h.note } } : {}),
        }))
      : undefined,
    fees: feesFrom(p.fees, existing?.fees as { detail?: Record<string, string> } | undefined),
    description: p.description
      ? text(p.description.ja, p.description.en, existing?.description as Record<string, string>)
      : undefined,
    access: text(p.access, null, keepOf(existing?.access)),
    parking: text(p.parking, null, keepOf(existing?.parking)),
    barrierFreeNote: text(p.barrierFree, null, keepOf(existing?.barrierFreeNote)),
    contact: contactFrom(p.contact),
    ...linksFrom(p, existing),
  } as SpotData);
}

export function spotToOpenData(data: SpotData): ParsedSpot {
  const hours = data.openingHours ?? [];
  return {
    ...headTo(data),
    poiCode: data.poiCode ?? null,
    address: data.address?.ja || null,
    addressDetail: data.addressDetail?.ja || null,
    lat: data.lat ?? null,
    lng: data.lng ?? null,
    openingHours: hours
      .slice(0, 1)
      .map((h) => ({ days: [...h.days], opens: h.opens, closes: h.closes, note: h.note?.ja || null })),
    fees: { basicYen: data.fees?.basicYen ?? null, detail: data.fees?.detail?.ja || null },
    description: data.description ? bilingual(data.description) : null,
    access: data.access?.ja || null,
    parking: data.parking?.ja || null,
    barrierFree: data.barrierFreeNote?.ja || null,
    contact: contactTo(data.contact),
    ...linksTo(data),
  };
}

export function eventFromOpenData(p: ParsedEvent, existing?: EventData): EventData {
  return clean({
    ...(existing ?? {}),
    category: existing?.category ?? 'other',
    eventStatus: existing?.eventStatus ?? 'scheduled',
    name: text(p.name.ja, p.name.en, existing?.name as Record<string, string>)!,
    kana: p.kana ?? undefined,
    externalId: p.externalId ?? undefined,
    startDate: p.startDate,
    endDate: p.endDate ?? undefined,
    startTime: p.startTime ?? undefined,
    endTime: p.endTime ?? undefined,
    allDay: p.allDay,
    scheduleNote: text(p.scheduleNote, null, keepOf(existing?.scheduleNote)),
    description: p.description
      ? text(p.description.ja, p.description.en, existing?.description as Record<string, string>)
      : undefined,
    fees: feesFrom(p.fees, existing?.fees as { detail?: Record<string, string> } | undefined),
    contact: contactFrom(p.contact),
    organiser: text(p.organiser, null, keepOf(existing?.organiser)),
    venue: {
      ...(existing?.venue ?? {}),
      name: text(p.venue.name, null, keepOf(existing?.venue?.name)),
      address: text(p.venue.address, null, keepOf(existing?.venue?.address)),
      addressDetail: text(p.venue.addressDetail, null, keepOf(existing?.venue?.addressDetail)),
      lat: p.venue.lat ?? undefined,
      lng: p.venue.lng ?? undefined,
    },
    access: text(p.access, null, keepOf(existing?.access)),
    parking: text(p.parking, null, keepOf(existing?.parking)),
    capacity: p.capacity ?? undefined,
    application:
      p.application.deadlineDate || p.application.deadlineTime || p.application.method
        ? {
            deadline: p.application.deadlineDate ?? undefined,
            deadlineTime: p.application.deadlineTime ?? undefined,
            method: text(p.application.method, null, keepOf(existing?.application?.method)),
          }
        : undefined,
    ...linksFrom(p, existing),
  } as EventData);
}

export function eventToOpenData(data: EventData): ParsedEvent {
  return {
    ...headTo(data),
    startDate: data.startDate,
    endDate: data.endDate ?? null,
    startTime: data.startTime ?? null,
    endTime: data.endTime ?? null,
    allDay: data.allDay,
    scheduleNote: data.scheduleNote?.ja || null,
    description: data.description ? bilingual(data.description) : null,
    fees: { basicYen: data.fees?.basicYen ?? null, detail: data.fees?.detail?.ja || null },
    contact: contactTo(data.contact),
    organiser: data.organiser?.ja || null,
    venue: {
      name: data.venue.name?.ja || null,
      address: data.venue.address?.ja || null,
      addressDetail: data.venue.addressDetail?.ja || null,
      lat: data.venue.lat ?? null,
      lng: data.venue.lng ?? null,
    },
    access: data.access?.ja || null,
    parking: data.parking?.ja || null,
    capacity: data.capacity ?? null,
    application: {
      deadlineDate: data.application?.deadline ?? null,
      deadlineTime: data.application?.deadlineTime ?? null,
      method: data.application?.method?.ja || null,
    },
    ...linksTo(data),
  };
}
