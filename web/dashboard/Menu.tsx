// Menu availability (sold-out toggles) for all staff; price changes for owners only (agents get 403
// there, so their view leaves prices out).
import { useState } from 'preact/hooks';
import { money } from '../shared/lang';
import { errorText, useDashboard, useLive } from './context';
import type { MenuDocument, MenuItem } from './types';

export function MenuView() {
  const { api, t, lang, role, toast } = useDashboard();
  const [menu, setMenu] = useState<MenuDocument | null>(null);

  useLive(
    () => undefined,
    () => {
      api.get<MenuDocument>('/menu').then(setMenu, (err: unknown) => toast(t('loadError', { message: errorText(err) })));
    },
  );

  const replace = (item: MenuItem) =>
    setMenu(
      (prev) =>
        prev && {
          categories: prev.categories.map((c) => ({ ...c, items: c.items.map((i) => (i.id === item.id ? { ...i, ...item } : i)) })),
        },
    );

  const patch = async (item: MenuItem, body: { isAvailable?: boolean; price?: number }) => {
    try {
      replace(await api.send<MenuItem>('PATCH', `/menu/items/${item.id}`, body));
      if (body.price !== undefined) toast(t('saved'));
    } catch (err) {
      toast(t('actionFailed', { message: errorText(err) }));
    }
  };

  const pricing = role !== 'agent';
  return (
    <div class="menu-grid">
      {(menu?.categories ?? []).map((category) => (
        <section class="card pad" key={category.id}>
          <h2 class="section-title">{lang === 'ar' ? category.nameAr : category.nameEn}</h2>
          <ul class="menu-items">
            {category.items.map((item) => (
              <li key={item.id} class={`menu-item ${item.isAvailable ? '' : 'sold-out'}`}>
                {item.imageUrl && <img src={item.imageUrl} alt="" class="menu-thumb" loading="lazy" />}
                <div class="menu-main">
                  <strong dir="auto">{lang === 'ar' ? item.nameAr : item.nameEn}</strong>
                  <span class="muted small" dir="auto">
                    {(lang === 'ar' ? item.descriptionAr : item.descriptionEn) ?? (lang === 'ar' ? item.nameEn : item.nameAr)}
                  </span>
                </div>
                {pricing && <PriceEditor item={item} onSave={(price) => void patch(item, { price })} />}
                <label class="availability">
                  <span class={`small ${item.isAvailable ? '' : 'sold-label'}`}>{item.isAvailable ? t('available') : t('soldOut')}</span>
                  <button
                    type="button"
                    class="switch"
                    role="switch"
                    aria-checked={item.isAvailable}
                    aria-label={`${lang === 'ar' ? item.nameAr : item.nameEn}: ${t('available')}`}
                    onClick={() => void patch(item, { isAvailable: !item.isAvailable })}
                  />
                </label>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function PriceEditor({ item, onSave }: { item: MenuItem; onSave(price: number): void }) {
  const { t, lang, restaurant } = useDashboard();
  const [value, setValue] = useState((item.price / 100).toFixed(2));
  const cents = Math.round(Number(value) * 100);
  const changed = Number.isFinite(cents) && cents >= 0 && cents !== item.price;
  return (
    <form
      class="price-edit"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed) onSave(cents);
      }}
    >
      <label>
        <span class="sr-only">{t('price')}</span>
        <input
          class="input"
          inputMode="decimal"
          value={value}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
          aria-label={`${t('price')} (${restaurant.currency})`}
          title={money(item.price, restaurant.currency, lang)}
        />
      </label>
      {changed && (
        <button type="submit" class="btn small primary">
          {t('save')}
        </button>
      )}
    </form>
  );
}
