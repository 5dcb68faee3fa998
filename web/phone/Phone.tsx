// The phone simulator: a WhatsApp-like chat with any restaurant of the database. Replies arrive over
// server-sent events as the Twilio fake receives them; taps and shares become signed webhooks.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Icon } from '../shared/icons';
import { useLang } from '../shared/lang';
import { Bubble } from './Bubble';
import { AttachSheet, ListSheet } from './Sheets';
import { tFor } from './strings';
import type { Outgoing, PhoneLine, PhoneRestaurant } from './types';

const STORE = { restaurant: 'sufrah.phone.restaurant', customer: 'sufrah.phone.customer', name: 'sufrah.phone.name' };

const randomCustomer = () => `+9665${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export function Phone() {
  const [lang, setLang] = useLang();
  const t = tFor(lang);
  const [restaurants, setRestaurants] = useState<PhoneRestaurant[] | null>(null);
  const [restaurantId, setRestaurantId] = useState(() => localStorage.getItem(STORE.restaurant) ?? '');
  const [customer, setCustomer] = useState(() => localStorage.getItem(STORE.customer) ?? '+966500000001');
  const [name, setName] = useState(() => localStorage.getItem(STORE.name) ?? 'Sara');
  const [lines, setLines] = useState<PhoneLine[]>([]);
  const [connected, setConnected] = useState(false);
  const [text, setText] = useState('');
  const [sheet, setSheet] = useState<{ kind: 'attach' } | { kind: 'list'; line: PhoneLine } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // On a phone's width the settings fold away behind the header's button once a restaurant is chosen.
  const [setupOpen, setSetupOpen] = useState(() => !window.matchMedia('(max-width: 760px)').matches);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    fetch('/phone/api/restaurants')
      .then((r) => r.json() as Promise<{ data: PhoneRestaurant[] }>)
      .then(({ data }) => {
        setRestaurants(data);
        if (!data.some((r) => r.id === restaurantId) && data[0]) setRestaurantId((data.find((r) => r.isActive) ?? data[0]).id);
      })
      .catch(() => setRestaurants([]));
  }, []);

  useEffect(() => {
    localStorage.setItem(STORE.restaurant, restaurantId);
    localStorage.setItem(STORE.customer, customer);
    localStorage.setItem(STORE.name, name);
  }, [restaurantId, customer, name]);

  const number = customer.replace(/[\s-]/g, '');
  const validNumber = /^\+[1-9]\d{6,14}$/.test(number);

  useEffect(() => {
    if (!restaurantId || !validNumber) return;
    setLines([]);
    const source = new EventSource(
      `/phone/api/events?restaurantId=${encodeURIComponent(restaurantId)}&customer=${encodeURIComponent(number)}`,
    );
    source.addEventListener('history', (e) => setLines(JSON.parse((e as MessageEvent<string>).data) as PhoneLine[]));
    source.addEventListener('line', (e) => {
      const line = JSON.parse((e as MessageEvent<string>).data) as PhoneLine;
      setLines((prev) => (prev.some((l) => l.id === line.id) ? prev.map((l) => (l.id === line.id ? line : l)) : [...prev, line]));
    });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [restaurantId, number, validNumber]);

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length, lines.at(-1)?.id]);

  useEffect(() => {
    if (!error) return;
    const timer = window.setTimeout(() => setError(null), 5000);
    return () => window.clearTimeout(timer);
  }, [error]);

  const send = async (outgoing: Outgoing) => {
    setSheet(null);
    try {
      const res = await fetch('/phone/api/send', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ restaurantId, customer: number, profileName: name, ...outgoing }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
        setError(t('failed', { message: body.error?.message ?? String(res.status) }));
      }
    } catch (err) {
      setError(t('failed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    void send({ text: body });
  };

  const restaurant = restaurants?.find((r) => r.id === restaurantId);

  return (
    <div class="stage">
      <aside class={`setup card ${setupOpen ? 'open' : 'folded'}`} id="phone-setup" aria-label={t('title')}>
        <div class="setup-head">
          <h1>{t('title')}</h1>
          <button class="btn ghost small" type="button" onClick={() => setLang(lang === 'ar' ? 'en' : 'ar')}>
            <Icon name="globe" /> {t('language')}
          </button>
        </div>
        <p class="muted small">{t('intro')}</p>
        {restaurants?.length === 0 && <p class="notice">{t('noRestaurants')}</p>}
        <label class="field">
          {t('restaurant')}
          <select
            class="input"
            value={restaurantId}
            onChange={(e) => setRestaurantId((e.target as HTMLSelectElement).value)}
            data-testid="restaurant"
          >
            {(restaurants ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.restaurantName} · {`\u2066${r.whatsappFrom.replace('whatsapp:', '')}\u2069`}
                {r.isActive ? '' : ` (${t('inactive')})`}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          {t('customer')}
          <div class="row">
            <input
              class="input"
              dir="ltr"
              value={customer}
              onInput={(e) => setCustomer((e.target as HTMLInputElement).value)}
              aria-invalid={!validNumber}
              data-testid="customer"
            />
            <button type="button" class="btn small" onClick={() => setCustomer(randomCustomer())}>
              {t('newChat')}
            </button>
          </div>
        </label>
        <label class="field">
          {t('customerName')}
          <input class="input" dir="auto" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
      </aside>

      <section class="phone" aria-label="WhatsApp">
        <header class="wa-head">
          <span class="wa-avatar" aria-hidden="true">
            {[...(restaurant?.restaurantName ?? '?')][0]}
          </span>
          <div class="wa-who">
            <strong dir="auto">{restaurant?.restaurantName ?? '…'}</strong>
            <span data-testid="phone-connection">{connected ? t('online') : t('reconnecting')}</span>
          </div>
          <button
            type="button"
            class="wa-round ghost wa-settings"
            aria-label={t('title')}
            aria-expanded={setupOpen}
            aria-controls="phone-setup"
            onClick={() => setSetupOpen(!setupOpen)}
          >
            <Icon name="settings" />
          </button>
        </header>
        <div class="wa-chat" ref={scroller} aria-live="polite" data-testid="phone-chat">
          {lines.length === 0 && <p class="wa-empty">{t('empty')}</p>}
          {lines.map((line) => (
            <Bubble key={line.id} line={line} lang={lang} t={t} onSend={send} onOpenList={(l) => setSheet({ kind: 'list', line: l })} />
          ))}
        </div>
        {error && (
          <p class="wa-error" role="alert">
            {error}
          </p>
        )}
        <form class="wa-composer" onSubmit={submit}>
          <button
            type="button"
            class="wa-round ghost"
            aria-label={t('attach')}
            aria-expanded={sheet?.kind === 'attach'}
            onClick={() => setSheet(sheet?.kind === 'attach' ? null : { kind: 'attach' })}
            data-testid="attach"
          >
            <Icon name="clip" />
          </button>
          <input
            class="wa-input"
            dir="auto"
            value={text}
            placeholder={t('typeMessage')}
            aria-label={t('typeMessage')}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
            disabled={!restaurant || !validNumber}
            data-testid="phone-input"
          />
          <button type="submit" class="wa-round" aria-label={t('send')} disabled={!text.trim()}>
            <Icon name="send" class="icon flip-rtl" />
          </button>
        </form>
        {sheet?.kind === 'attach' && restaurant && (
          <AttachSheet t={t} lang={lang} presets={restaurant.presets} onSend={send} onClose={() => setSheet(null)} />
        )}
        {sheet?.kind === 'list' && sheet.line.list && (
          <ListSheet list={sheet.line.list} t={t} onSend={send} onClose={() => setSheet(null)} />
        )}
      </section>
    </div>
  );
}
