/**
 * What an item's data says for its derived columns (position, event times, open-data ID, search
 * text, references) and the checks a schema cannot do, per kind. Pure: the service then checks
 * the references and images against the database.
 */
import type { FieldProblem } from '../../platform/errors.js';
import { jstDateTime } from '../../platform/time/jst.js';
import type { Derived } from './content.repo.js';
import type { ArticleData, ContentKind, CourseData, EventData, SpotData } from './content.schema.js';
import { validateRecurrence } from './lib/recurrence.js';

export interface DataFacts {
  lat: number | null;
  lng: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  externalId: string | null;
  /** The texts search looks at. */
  searchable: unknown[];
  links: Derived['links'];
  problems: FieldProblem[];
  warnings: FieldProblem[];
}

export const problem = (field: string, ja: string, en: string): FieldProblem => ({
  field,
  message: { ja, en },
});

function facts(partial: Partial<DataFacts>): DataFacts {
  return {
    lat: null,
    lng: null,
    startsAt: null,
    endsAt: null,
    externalId: null,
    searchable: [],
    links: [],
    problems: [],
    warnings: [],
    ...partial,
  };
}

export function factsOf(kind: ContentKind, data: Record<string, unknown>): DataFacts {
  const found =
    kind === 'spot'
      ? spotFacts(data as SpotData)
      : kind === 'event'
        ? eventFacts(data as EventData)
        : kind === 'course'
          ? courseFacts(data as CourseData)
          : articleFacts(data as ArticleData);
  checkPosition(found);
  return found;
}

function spotFacts(spot: SpotData): DataFacts {
  const problems: FieldProblem[] = [];
  spot.openingHours?.forEach((h, i) => {
    if (h.validFrom && h.validTo && h.validTo < h.validFrom) {
      problems.push(
        problem(
          `openingHours.${i}.validTo`,
          '有効期間の終了日が開始日より前です。',
          'The validity ends before it starts.',
        ),
      );
    }
  });
  return facts({
    lat: spot.lat ?? null,
    lng: spot.lng ?? null,
    externalId: spot.externalId ?? spot.poiCode ?? null,
    searchable: [spot.name, spot.kana, spot.description, spot.address, spot.tags],
    problems,
  });
}

function eventFacts(event: EventData): DataFacts {
  return facts({
    lat: event.venue.lat ?? null,
    lng: event.venue.lng ?? null,
    externalId: event.externalId ?? null,
    searchable: [
      event.name,
      event.kana,
      event.description,
      event.venue.name,
      event.venue.address,
      event.organiser,
      event.tags,
    ],
    startsAt: jstDateTime(event.startDate, event.allDay ? undefined : event.startTime),
    endsAt: jstDateTime(
      event.endDate ?? event.startDate,
      event.allDay ? '24:00' : (event.endTime ?? event.startTime),
      true,
    ),
    links: event.venue.spotId ? [{ role: 'venue', position: 0, to_id: event.venue.spotId }] : [],
    problems: eventProblems(event),
    warnings:
      event.application?.deadline && event.application.deadline > (event.endDate ?? event.startDate)
        ? [
            problem(
              'application.deadline',
              '申込締切がイベント終了後になっています。',
              'The application deadline is after the event ends.',
            ),
          ]
        : [],
  });
}

function eventProblems(event: EventData): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (event.endDate && event.endDate < event.startDate) {
    problems.push(
      problem(
        'endDate',
        '終了日は開始日以降にしてください。',
        'The end date must not be before the start date.',
      ),
    );
  }
  if (!event.allDay && !event.startTime) {
    problems.push(
      problem(
        'startTime',
        '終日でないイベントには開始時刻が必要です。',
        'An event that is not all-day needs a start time.',
      ),
    );
  }
  if (
    (event.endDate ?? event.startDate) === event.startDate &&
    event.startTime &&
    event.endTime &&
    event.endTime < event.startTime
  ) {
    problems.push(
      problem(
        'endTime',
        '終了時刻は開始時刻以降にしてください。',
        'The end time must not be before the start time.',
      ),
    );
  }
  if (event.eventStatus === 'rescheduled' && !event.previousStartDate) {
    problems.push(
      problem(
        'previousStartDate',
        '日程変更の場合は変更前の開始日を入力してください。',
        'A rescheduled event needs its previous start date.',
      ),
    );
  }
  if (event.recurrence) {
    const issue = validateRecurrence(event.recurrence);
    if (issue) problems.push({ field: 'recurrence', message: issue });
  }
  return problems;
}

function courseFacts(course: CourseData): DataFacts {
  return facts({
    searchable: [course.name, course.description, course.tags],
    links: course.stops.map((stop, i) => ({ role: 'stop', position: i, to_id: stop.spotId })),
  });
}

function articleFacts(article: ArticleData): DataFacts {
  return facts({
    searchable: [article.title, article.summary, article.body, article.tags],
    links: (article.relatedSpotIds ?? []).map((id, i) => ({ role: 'related', position: i, to_id: id })),
  });
}

/** Japan's bounding box, roughly: outside it a position is probably swapped or mistyped. */
function outsideJapan(lat: number, lng: number): boolean {
  return lat < 20 || lat > 46 || lng < 122 || lng > 154;
}

function checkPosition(found: DataFacts): void {
  const { lat, lng } = found;
  if (lat !== null && lng !== null && outsideJapan(lat, lng)) {
    found.warnings.push(
      problem(
        'lat',
        '位置が日本国外です。緯度・経度を確認してください。',
        'The position is outside Japan: check latitude and longitude.',
      ),
    );
  }
  if ((lat === null) !== (lng === null)) {
    found.problems.push(
      problem(
        lat === null ? 'lat' : 'lng',
        '緯度と経度は両方入力してください。',
        'Give both latitude and longitude.',
      ),
    );
  }
}
