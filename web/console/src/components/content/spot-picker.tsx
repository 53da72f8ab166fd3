import { type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApiError } from '../../api';
import { fetchSpotsByIds, SPOT_LOOKUP_MAX, searchSpots } from '../../content/content-api';
import type { ContentSummary } from '../../content/model';
import { useCategories } from '../../content/use-categories';
import { useApiErrorHandler } from '../../hooks';
import { useLang, useT } from '../../i18n';
import { Button } from '../button';
import { SmallButton } from '../small-button';
import '../../i18n-content';

export type SpotTitle = { kind: 'known'; title: string } | { kind: 'missing' } | { kind: 'unknown' };

/**
 * The Japanese names of the spots an item refers to (the data holds only their ids). Names the
 * pickers have already seen are remembered; the others are looked up together (`?ids=`, one
 * request per hundred), and an id the answer lacks is a spot that is gone.
 */
export function useSpotTitles(ids: readonly string[]): {
  title: (id: string) => SpotTitle | undefined;
  remember: (id: string, title: string) => void;
} {
  const [titles, setTitles] = useState<ReadonlyMap<string, SpotTitle>>(new Map());
  const requested = useRef(new Set<string>());
  const key = ids.join(',');

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `ids`
  useEffect(() => {
    const wanted = ids.filter((id) => !requested.current.has(id));
    for (const id of wanted) requested.current.add(id);
    for (let i = 0; i < wanted.length; i += SPOT_LOOKUP_MAX) {
      const batch = wanted.slice(i, i + SPOT_LOOKUP_MAX);
      fetchSpotsByIds(batch).then(
        (found) => {
          const byId = new Map(found.map((spot) => [spot.id, spot.title]));
          setTitles((map) => {
            const next = new Map(map);
            for (const id of batch) {
              const title = byId.get(id);
              next.set(id, title === undefined ? { kind: 'missing' } : { kind: 'known', title });
            }
            return next;
          });
        },
        () =>
          setTitles((map) => {
            const next = new Map(map);
            for (const id of batch) next.set(id, { kind: 'unknown' });
            return next;
          }),
      );
    }
  }, [key]);

  const remember = useCallback((id: string, title: string) => {
    requested.current.add(id);
    setTitles((map) => new Map(map).set(id, { kind: 'known', title }));
  }, []);
  const title = useCallback((id: string) => titles.get(id), [titles]);
  return { title, remember };
}

/** A spot's name for lists: its title, or a note that it could not be found or read. */
export function spotLabel(title: SpotTitle | undefined, id: string, t: ReturnType<typeof useT>): string {
  if (title?.kind === 'known') return title.title || t('content.list.untitled');
  if (title?.kind === 'missing') return t('content.spot.notFound', { id });
  return t('content.spot.unknown', { id });
}

type Search =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'done'; results: ContentSummary[] }
  | { kind: 'failed'; error: ApiError };

/**
 * Search the organisation's spots and pick one. A plain search box and a list of results with a
 * button each (no combobox), announced through a status line. Enter searches, it does not submit
 * the surrounding form.
 */
export function SpotPicker({
  label,
  pickLabel,
  chosenIds = [],
  onPick,
  disabled = false,
}: {
  label: string;
  /** Text of each result's button, e.g. 「追加する」. */
  pickLabel: string;
  /** Spots already chosen: shown as such and not offered again. */
  chosenIds?: readonly string[];
  onPick: (spot: ContentSummary) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const { name: categoryLabel } = useCategories('spot');
  const { lang } = useLang();
  const id = useId();
  const handleError = useApiErrorHandler();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<Search>({ kind: 'idle' });

  async function run() {
    setSearch({ kind: 'searching' });
    try {
      setSearch({ kind: 'done', results: await searchSpots(q.trim(), 20) });
    } catch (error) {
      setSearch({ kind: 'failed', error: handleError(error) });
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void run();
    }
  }

  const status =
    search.kind === 'searching'
      ? t('content.picker.searching')
      : search.kind === 'done'
        ? search.results.length === 0
          ? t('content.picker.none')
          : t('content.picker.results', { count: search.results.length })
        : search.kind === 'failed'
          ? search.error.status === 403
            ? t('content.picker.noRight')
            : `${t('content.picker.failed')} ${search.error.messageIn(lang)}`
          : '';

  return (
    <div className="spot-picker">
      <label htmlFor={`${id}-q`} className="picker-label">
        {label}
      </label>
      <p id={`${id}-hint`} className="field-hint">
        {t('content.picker.hint')}
      </p>
      <div className="search-row">
        <input
          id={`${id}-q`}
          type="search"
          className="input"
          value={q}
          disabled={disabled}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setQ(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <Button look="secondary" onClick={run} disabled={disabled}>
          {t('content.picker.searchButton')}
        </Button>
      </div>
      <p role="status" className={search.kind === 'failed' ? 'field-error' : 'field-hint'}>
        {status}
      </p>
      {search.kind === 'done' && search.results.length > 0 && (
        <ul className="picker-results">
          {search.results.map((spot) => {
            const chosen = chosenIds.includes(spot.id);
            const category = spot.category ? categoryLabel(spot.category) : undefined;
            return (
              <li key={spot.id}>
                <span className="picker-name">{spot.title || t('content.list.untitled')}</span>
                {category && <span className="secondary-text">{category}</span>}
                {chosen ? (
                  <span className="secondary-text">{t('content.picker.already')}</span>
                ) : (
                  <SmallButton
                    disabled={disabled}
                    onClick={() => onPick(spot)}
                    target={t('content.picker.pickTarget', { name: spot.title })}
                  >
                    {pickLabel}
                  </SmallButton>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
