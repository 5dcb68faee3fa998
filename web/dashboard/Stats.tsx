// Stats for a date range (days in the restaurant's time zone): orders, revenue, bot response time
// and ratings, with charts. Refreshes when an order changes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { dayLabel, money, numberIn } from '../shared/lang';
import { BarChart } from './charts';
import { errorText, useDashboard, useLive } from './context';
import type { Stats } from './types';

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of `date` in the restaurant's time zone. */
const dayIn = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/** "+03:00" for the zone at that date. */
function offsetOf(day: string, timeZone: string): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(`${day}T12:00:00Z`))
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name);
  return match ? match[1]! : 'Z';
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to && days.length < 400; d = nextDay(d)) days.push(d);
  return days;
}

export function StatsView() {
  const { api, t, lang, restaurant, role, toast } = useDashboard();
  const zone = restaurant.timeZone;
  const today = dayIn(new Date(), zone);
  const [range, setRange] = useState(() => ({ from: dayIn(new Date(Date.now() - 29 * DAY_MS), zone), to: today }));
  const [stats, setStats] = useState<Stats | null>(null);
  const pending = useRef<number | undefined>(undefined);

  const load = () => {
    if (range.from > range.to) return;
    const from = `${range.from}T00:00:00${offsetOf(range.from, zone)}`;
    const end = nextDay(range.to);
    const to = `${end}T00:00:00${offsetOf(end, zone)}`;
    api
      .get<Stats>(`/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
      .then(setStats, (err: unknown) => toast(t('loadError', { message: errorText(err) })));
  };

  useLive((event) => {
    if (!event.type.startsWith('order.')) return;
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(load, 400);
  }, load);
  // useLive loads once on mount; this reloads when the range changes after that.
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) load();
    mounted.current = true;
  }, [range.from, range.to]);

  if (role === 'agent') return <p class="empty">{t('agentNoStats')}</p>;

  const preset = (days: number) => setRange({ from: dayIn(new Date(Date.now() - (days - 1) * DAY_MS), zone), to: today });
  const days = daysBetween(range.from, range.to);
  const perDay = new Map((stats?.orders.perDay ?? []).map((d) => [d.date, d]));
  const labels = days.map((d) => dayLabel(d, lang));
  const currency = stats?.currency ?? restaurant.currency;
  const distribution = stats?.ratings.distribution ?? { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  const rtl = lang === 'ar';

  return (
    <div class="stats">
      <form class="card pad range" onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          {t('from')}
          <input
            class="input"
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) => setRange({ ...range, from: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label class="field">
          {t('until')}
          <input
            class="input"
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) => setRange({ ...range, to: (e.target as HTMLInputElement).value })}
          />
        </label>
        <div class="range-presets">
          <button type="button" class="btn small" onClick={() => preset(7)}>
            {t('last7')}
          </button>
          <button type="button" class="btn small" onClick={() => preset(30)}>
            {t('last30')}
          </button>
          <button type="button" class="btn small" onClick={() => preset(90)}>
            {t('last90')}
          </button>
        </div>
      </form>
      <div class="kpis">
        <Kpi label={t('ordersTotal')} value={numberIn(stats?.orders.total ?? 0, lang)} testId="kpi-orders" />
        <Kpi label={t('revenue')} value={money(stats?.revenue ?? 0, currency, lang)} note={t('cancelledNote')} testId="kpi-revenue" />
        <Kpi
          label={t('avgRating')}
          value={stats?.ratings.average != null ? `${numberIn(stats.ratings.average, lang, 1)} ★` : '—'}
          note={
            !stats?.ratings.count
              ? t('noRatings')
              : stats.ratings.count === 1
                ? t('ratingsOne')
                : t('ratingsCount', { n: numberIn(stats.ratings.count, lang) })
          }
          testId="kpi-rating"
        />
        <Kpi
          label={t('botResponse')}
          value={
            stats?.botResponseTime.averageSeconds != null
              ? t('seconds', { n: numberIn(stats.botResponseTime.averageSeconds, lang, 1) })
              : '—'
          }
          testId="kpi-bot"
        />
      </div>
      <div class="charts">
        <section class="card pad wide">
          <BarChart
            testId="chart-orders"
            title={t('ordersPerDay')}
            labels={labels}
            values={days.map((d) => perDay.get(d)?.count ?? 0)}
            color="#0e7a5f"
            rtl={rtl}
            format={(v) => numberIn(v, lang)}
          />
        </section>
        <section class="card pad wide">
          <BarChart
            testId="chart-revenue"
            title={t('revenuePerDay')}
            labels={labels}
            values={days.map((d) => perDay.get(d)?.revenue ?? 0)}
            color="#e8a33d"
            rtl={rtl}
            format={(v) => money(v, currency, lang)}
          />
        </section>
        <section class="card pad">
          <BarChart
            testId="chart-ratings"
            title={t('ratingDistribution')}
            labels={['5', '4', '3', '2', '1'].map((n) => t('stars', { n }))}
            values={(['5', '4', '3', '2', '1'] as const).map((n) => distribution[n])}
            color="#f2b84b"
            rtl={rtl}
            horizontal
            format={(v) => numberIn(v, lang)}
          />
        </section>
      </div>
    </div>
  );
}

function Kpi({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) {
  return (
    <div class="card kpi" data-testid={testId}>
      <span class="kpi-label">{label}</span>
      <strong class="kpi-value">{value}</strong>
      {note && <span class="muted small">{note}</span>}
    </div>
  );
}
