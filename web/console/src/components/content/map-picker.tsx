/**
 * The Leaflet map of the position editor. Loaded on demand (it is large). Mouse: click places
 * the marker, the marker can be dragged. Keyboard: the map pans with the arrow keys and zooms
 * with +/-, and "place at the centre" sets the position; the latitude/longitude inputs beside it
 * always work, with or without map images.
 */
import { SmallButton } from '../small-button';
import 'leaflet/dist/leaflet.css';
import * as L from 'leaflet';
import iconUrl from 'leaflet/dist/images/marker-icon.png';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png';
import { useEffect, useId, useRef, useState } from 'react';
import {
  DEFAULT_TILE_ATTRIBUTION,
  isPosition,
  JAPAN_CENTRE,
  JAPAN_ZOOM,
  PLACE_ZOOM,
  resolveTileUrl,
  roundCoordinate,
} from '../../content/map-settings';
import { useT } from '../../i18n';
import '../../i18n-content';

// Bundled marker images: Leaflet's default icon would look for them next to its CSS at run time.
const markerIcon = L.icon({
  iconUrl,
  iconRetinaUrl,
  shadowUrl,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  popupAnchor: [1, -34],
  tooltipAnchor: [16, -28],
  shadowSize: [41, 41],
});

const tileUrl = resolveTileUrl(import.meta.env.VITE_MAP_TILE_URL);
const tileAttribution = import.meta.env.VITE_MAP_TILE_ATTRIBUTION?.trim() || DEFAULT_TILE_ATTRIBUTION;

export default function MapPicker({
  lat,
  lng,
  onChange,
  disabled = false,
}: {
  lat: number | undefined;
  lng: number | undefined;
  onChange: (lat: number, lng: number) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const id = useId();
  const containerRef = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markerRef = useRef<L.Marker | null>(null);
  const onChangeRef = useRef(onChange);
  const disabledRef = useRef(disabled);
  const [tilesFailed, setTilesFailed] = useState(false);
  const markerTitle = t('content.map.markerTitle');

  useEffect(() => {
    onChangeRef.current = onChange;
    disabledRef.current = disabled;
  });

  // Create the map once; positions are synchronised by the next effect.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is created once per mount
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const start = isPosition(lat, lng);
    const map = L.map(container, {
      center: start ? [lat as number, lng as number] : [JAPAN_CENTRE[0], JAPAN_CENTRE[1]],
      zoom: start ? PLACE_ZOOM : JAPAN_ZOOM,
      keyboard: true,
      attributionControl: true,
    });
    map.attributionControl.setPrefix(false);
    if (tileUrl) {
      const layer = L.tileLayer(tileUrl, { maxZoom: 18, attribution: tileAttribution });
      layer.on('tileerror', () => setTilesFailed(true));
      layer.addTo(map);
    }
    map.on('click', (event: L.LeafletMouseEvent) => {
      if (disabledRef.current) return;
      onChangeRef.current(roundCoordinate(event.latlng.lat), roundCoordinate(event.latlng.lng));
    });
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
      markerRef.current = null;
    };
  }, []);

  // The marker follows the position typed or clicked; without a position there is no marker.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!isPosition(lat, lng)) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    const position = L.latLng(lat as number, lng as number);
    let marker = markerRef.current;
    if (!marker) {
      marker = L.marker(position, {
        icon: markerIcon,
        draggable: !disabled,
        title: markerTitle,
        alt: markerTitle,
        keyboard: false,
      });
      marker.on('dragend', () => {
        const moved = marker?.getLatLng();
        if (moved) onChangeRef.current(roundCoordinate(moved.lat), roundCoordinate(moved.lng));
      });
      marker.addTo(map);
      markerRef.current = marker;
    } else {
      marker.setLatLng(position);
    }
    if (disabled) marker.dragging?.disable();
    else marker.dragging?.enable();
    if (!map.getBounds().contains(position)) map.setView(position, Math.max(map.getZoom(), PLACE_ZOOM - 2));
  }, [lat, lng, disabled, markerTitle]);

  function placeAtCentre() {
    const centre = mapRef.current?.getCenter();
    if (centre) onChange(roundCoordinate(centre.lat), roundCoordinate(centre.lng));
  }

  return (
    <div className="map-picker">
      <p id={`${id}-help`} className="field-hint">
        {t('content.map.instructions')}
      </p>
      <section
        ref={containerRef}
        className="map-canvas"
        aria-label={t('content.map.label')}
        aria-describedby={`${id}-help`}
      />
      {(!tileUrl || tilesFailed) && (
        <p className="field-hint map-notice">{t(tileUrl ? 'content.map.noTiles' : 'content.map.tilesOff')}</p>
      )}
      <div className="actions actions-compact">
        <SmallButton onClick={placeAtCentre} disabled={disabled}>
          {t('content.map.placeAtCentre')}
        </SmallButton>
      </div>
    </div>
  );
}
