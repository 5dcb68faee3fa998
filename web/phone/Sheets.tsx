// Bottom sheets over the chat: the attach menu (location presets, typed coordinates, an image) and
// a list picker's rows.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Icon } from '../shared/icons';
import type { Lang } from '../shared/lang';
import type { T } from './strings';
import type { LocationPreset, Outgoing, PhoneLine } from './types';

function Sheet({ title, onClose, children }: { title: string; onClose(): void; children: preact.ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button, input')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div class="sheet-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="sheet" role="dialog" aria-modal="true" aria-label={title} ref={ref}>
        <div class="sheet-head">
          <strong>{title}</strong>
          <button type="button" class="btn ghost small" onClick={onClose}>
            {'✕'}
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

export function AttachSheet({
  t,
  lang,
  presets,
  onSend,
  onClose,
}: {
  t: T;
  lang: Lang;
  presets: LocationPreset[];
  onSend(o: Outgoing): void;
  onClose(): void;
}) {
  const [lat, setLat] = useState('');
  const [lng, setLng] = useState('');
  const [image, setImage] = useState('');
  const typed = { lat: Number(lat), lng: Number(lng) };
  const typedOk = lat !== '' && lng !== '' && Math.abs(typed.lat) <= 90 && Math.abs(typed.lng) <= 180;
  return (
    <Sheet title={t('shareLocation')} onClose={onClose}>
      <ul class="sheet-list">
        {presets.map((p) => {
          const label = lang === 'ar' ? p.labelAr : p.labelEn;
          return (
            <li key={`${p.lat},${p.lng}`}>
              <button
                type="button"
                class="sheet-row"
                onClick={() => onSend({ location: { lat: p.lat, lng: p.lng, label } })}
                data-inside={p.insideZone}
              >
                <span class={`sheet-icon ${p.insideZone ? 'in' : 'out'}`}>
                  <Icon name="pin" />
                </span>
                <span class="sheet-text">
                  <strong dir="auto">{label}</strong>
                  <span class="muted small">
                    {p.insideZone ? t('inZone') : t('outZone')} ·{' '}
                    <span dir="ltr">
                      {p.lat.toFixed(4)}, {p.lng.toFixed(4)}
                    </span>
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <form
        class="sheet-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (typedOk) onSend({ location: typed });
        }}
      >
        <strong class="small">{t('typedCoordinates')}</strong>
        <div class="row">
          <input
            class="input"
            dir="ltr"
            inputMode="decimal"
            placeholder={t('latitude')}
            aria-label={t('latitude')}
            value={lat}
            onInput={(e) => setLat((e.target as HTMLInputElement).value)}
          />
          <input
            class="input"
            dir="ltr"
            inputMode="decimal"
            placeholder={t('longitude')}
            aria-label={t('longitude')}
            value={lng}
            onInput={(e) => setLng((e.target as HTMLInputElement).value)}
          />
          <button class="btn small primary" type="submit" disabled={!typedOk}>
            {t('shareThis')}
          </button>
        </div>
      </form>
      <form
        class="sheet-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (/^https?:\/\/\S+$/.test(image.trim())) onSend({ imageUrl: image.trim() });
        }}
      >
        <strong class="small">
          <Icon name="image" /> {t('sendImage')}
        </strong>
        <div class="row">
          <input
            class="input"
            dir="ltr"
            type="url"
            placeholder={t('imageUrl')}
            aria-label={t('imageUrl')}
            value={image}
            onInput={(e) => setImage((e.target as HTMLInputElement).value)}
          />
          <button class="btn small primary" type="submit" disabled={!/^https?:\/\/\S+$/.test(image.trim())}>
            {t('send')}
          </button>
        </div>
      </form>
    </Sheet>
  );
}

export function ListSheet({
  list,
  t,
  onSend,
  onClose,
}: {
  list: NonNullable<PhoneLine['list']>;
  t: T;
  onSend(o: Outgoing): void;
  onClose(): void;
}) {
  return (
    <Sheet title={list.button} onClose={onClose}>
      <ul class="sheet-list">
        {list.rows.map((row) => (
          <li key={row.id}>
            <button type="button" class="sheet-row" onClick={() => onSend({ listId: row.id, text: row.title })}>
              <span class="sheet-text">
                <strong dir="auto">{row.title}</strong>
                {row.description && (
                  <span class="muted small" dir="auto">
                    {row.description}
                  </span>
                )}
              </span>
              <span class="radio" aria-hidden="true" />
            </button>
          </li>
        ))}
      </ul>
      <span class="sr-only">{t('close')}</span>
    </Sheet>
  );
}
