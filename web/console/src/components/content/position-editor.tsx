import { Component, lazy, type ReactNode, Suspense } from 'react';
import { useT } from '../../i18n';
import { SmallButton } from '../small-button';
import { DataNumberField } from './data-fields';
import { useContentForm } from './form-context';
import '../../i18n-content';

// Leaflet is large: load it only where a position is edited.
const MapPicker = lazy(() => import('./map-picker'));

/** If the map's code cannot be loaded (offline, blocked), the inputs stay and say so. */
class MapBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * Latitude and longitude: two number inputs that always work, and a map where a click or a drag
 * of the marker sets them. `prefix` is the data path of the object holding lat/lng ('' or 'venue').
 */
export function PositionEditor({
  prefix = '',
  lat,
  lng,
  onChange,
}: {
  prefix?: string;
  lat: number | undefined;
  lng: number | undefined;
  onChange: (lat: number | undefined, lng: number | undefined) => void;
}) {
  const t = useT();
  const { readOnly } = useContentForm();
  const path = (name: string) => (prefix ? `${prefix}.${name}` : name);
  return (
    <div className="position-editor">
      <p className="field-hint">{t('content.hint.latLng')}</p>
      <div className="field-row">
        <DataNumberField
          path={path('lat')}
          label={t('field.lat')}
          optional
          value={lat}
          onChange={(next) => onChange(next, lng)}
          autoComplete="off"
        />
        <DataNumberField
          path={path('lng')}
          label={t('field.lng')}
          optional
          value={lng}
          onChange={(next) => onChange(lat, next)}
          autoComplete="off"
        />
      </div>
      {(lat !== undefined || lng !== undefined) && !readOnly && (
        <div className="actions actions-compact">
          <SmallButton onClick={() => onChange(undefined, undefined)}>{t('content.map.clear')}</SmallButton>
        </div>
      )}
      <MapBoundary fallback={<p className="field-hint map-notice">{t('content.map.unavailable')}</p>}>
        <Suspense
          fallback={
            <p role="status" className="field-hint">
              {t('content.map.loading')}
            </p>
          }
        >
          <MapPicker lat={lat} lng={lng} disabled={readOnly} onChange={(a, b) => onChange(a, b)} />
        </Suspense>
      </MapBoundary>
    </div>
  );
}
