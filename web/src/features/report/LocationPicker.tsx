/**
 * Where the problem is: tap the map, drag the pin, use the device's location, put the pin
 * at the map's centre, or choose the grid cell from a list (the keyboard and screen-reader
 * ways). Says which grid cell the point is in, or that it is outside every area served.
 */
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ApiError } from '../../api/client.ts';
import type { Location } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FieldSet } from '../../components/Field.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useLocalName } from '../../i18n/format.ts';
import type { LatLon } from '../map/api.ts';
import { AreaMap, type MapControl } from '../map/AreaMap.tsx';
import { cellPoints } from '../map/cells.ts';
import { CellPicker } from '../map/CellPicker.tsx';
import { useBoundaries, usePublicConfig } from '../map/hooks.ts';

type GeoState = 'idle' | 'locating' | 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export function LocationPicker({
  point,
  onChange,
  located,
  error,
}: {
  point: LatLon | null;
  onChange: (point: LatLon) => void;
  located: UseQueryResult<Location, ApiError>;
  error?: string;
}) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const config = usePublicConfig();
  const cells = useBoundaries('grid');
  const points = useMemo(() => cellPoints(cells.data), [cells.data]);
  const control = useRef<MapControl | null>(null);
  const [geo, setGeo] = useState<GeoState>('idle');

  const locateMe = () => {
    if (!('geolocation' in navigator)) {
      setGeo('unsupported');
      return;
    }
    setGeo('locating');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setGeo('idle');
        onChange({ lat: position.coords.latitude, lon: position.coords.longitude });
      },
      (failure) => {
        setGeo(
          failure.code === failure.PERMISSION_DENIED
            ? 'denied'
            : failure.code === failure.TIMEOUT
              ? 'timeout'
              : 'unavailable',
        );
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  };

  const cell = located.data?.area;
  const parents = (located.data?.ancestors ?? [])
    .filter((a) => a.level === 'community' || a.level === 'street')
    .reverse()
    .map(localName);

  return (
    <FieldSet
      id="report-location"
      legend={t('report.location.legend')}
      hint={t('report.location.hint')}
      error={error}
      className="section"
      legendHidden
    >
      <div className="map-frame">
        <AreaMap
          cells={cells.data}
          tileUrl={config.data?.tileUrl ?? null}
          point={point}
          selectedCode={cell?.code ?? null}
          onPick={onChange}
          control={control}
          labels={{
            map: t('map.label'),
            pin: t('report.location.pin'),
            zoomIn: t('map.zoomIn'),
            zoomOut: t('map.zoomOut'),
          }}
        />
        {cells.isPending ? (
          <div className="map-overlay">
            <Loading label={t('report.location.loadingMap')} />
          </div>
        ) : cells.isError ? (
          <div className="map-overlay">
            <ErrorNotice error={cells.error} onRetry={() => void cells.refetch()} />
          </div>
        ) : null}
      </div>
      <div className="button-row">
        <button
          type="button"
          className="btn btn-secondary"
          onClick={locateMe}
          disabled={geo === 'locating'}
        >
          {geo === 'locating' ? t('report.location.locating') : t('report.location.useMine')}
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-centre"
          onClick={() => {
            const centre = control.current?.centre();
            if (centre) onChange(centre);
          }}
        >
          {t('report.location.useCentre')}
        </button>
      </div>
      {points.length > 0 ? (
        <details className="cell-list-details">
          <summary>{t('report.location.fromList')}</summary>
          <CellPicker
            id="report-cell-list"
            cells={points}
            selectedCode={cell?.code ?? null}
            onSelect={(picked) => onChange(picked.centre)}
          />
        </details>
      ) : null}
      {geo !== 'idle' && geo !== 'locating' ? (
        <p className="notice notice-warning" role="alert">
          {t(`report.location.geo.${geo}`)}
        </p>
      ) : null}
      <div className="located" aria-live="polite">
        {!point ? (
          <p className="muted">{t('report.location.none')}</p>
        ) : located.isPending ? (
          <Loading label={t('report.location.finding')} />
        ) : cell ? (
          <p>
            <span className="located-label">{t('report.location.cell')}</span>{' '}
            <strong className="located-name">{localName(cell)}</strong>
            {parents.length > 0 ? <span className="muted"> · {parents.join(' · ')}</span> : null}
          </p>
        ) : located.error?.isNotFound ? (
          <p className="notice notice-warning">{t('report.location.outside')}</p>
        ) : located.isError ? (
          <ErrorNotice error={located.error} onRetry={() => void located.refetch()} />
        ) : null}
      </div>
    </FieldSet>
  );
}
