// The orders board: one column per status, each card with the moves the API allows now
// (`nextStatuses`) as buttons. Updates live from order events.
import { useState } from 'preact/hooks';
import { money, timeOf } from '../shared/lang';
import { errorText, useDashboard, useLive } from './context';
import { moveName, statusName } from './strings';
import type { Order, OrderStatus, Page } from './types';

const COLUMNS: { id: string; statuses: OrderStatus[] }[] = [
  { id: 'AWAITING_PAYMENT', statuses: ['AWAITING_PAYMENT'] },
  { id: 'CONFIRMED', statuses: ['CONFIRMED'] },
  { id: 'PREPARING', statuses: ['PREPARING'] },
  { id: 'ON_THE_WAY', statuses: ['OUT_FOR_DELIVERY', 'READY_FOR_PICKUP'] },
  { id: 'DONE', statuses: ['DELIVERED', 'PICKED_UP'] },
  { id: 'CANCELLED', statuses: ['CANCELLED'] },
];

const columnTitle = (lang: 'ar' | 'en', id: string) => {
  if (id === 'ON_THE_WAY') return lang === 'ar' ? 'في الطريق / جاهز' : 'On the way / ready';
  if (id === 'DONE') return lang === 'ar' ? 'مكتملة' : 'Completed';
  return statusName(lang, id as OrderStatus);
};

export function Orders() {
  const { api, t, lang } = useDashboard();
  const [orders, setOrders] = useState<Map<string, Order>>(new Map());

  const upsert = (list: Order[], replace = false) =>
    setOrders((prev) => {
      const next = new Map(replace ? [] : prev);
      for (const o of list) next.set(o.id, o);
      return next;
    });

  useLive(
    (event) => {
      if (event.type === 'order.created' || event.type === 'order.updated') upsert([event.data as unknown as Order]);
    },
    () => {
      api.get<Page<Order>>('/orders?limit=200').then(
        (page) => upsert(page.data, true),
        () => undefined,
      );
    },
  );

  const all = [...orders.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <div class="board" data-testid="orders-board">
      {COLUMNS.map((col) => {
        const cards = all.filter((o) => col.statuses.includes(o.status));
        return (
          <section class="column" key={col.id} aria-label={columnTitle(lang, col.id)} data-column={col.id}>
            <h3 class="column-head">
              {columnTitle(lang, col.id)} <span class="badge">{cards.length}</span>
            </h3>
            {cards.map((o) => (
              <OrderCard key={o.id} order={o} onChange={(fresh) => upsert([fresh])} />
            ))}
            {cards.length === 0 && <p class="empty small">{t('noOrders')}</p>}
          </section>
        );
      })}
    </div>
  );
}

function OrderCard({ order: o, onChange }: { order: Order; onChange(o: Order): void }) {
  const { api, t, lang, toast } = useDashboard();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const moves = o.nextStatuses ?? [];

  const move = async (status: OrderStatus) => {
    setBusy(true);
    setConfirming(false);
    try {
      onChange(await api.send<Order>('PATCH', `/orders/${o.id}`, { status }));
    } catch (err) {
      toast(t('actionFailed', { message: errorText(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class={`order-card status-${o.status}`} data-order={o.orderReference}>
      <header class="order-top">
        <strong class="order-ref">{o.orderReference}</strong>
        <time class="muted">{timeOf(o.createdAt, lang)}</time>
      </header>
      <div class="order-tags">
        <span class="badge blue">{o.orderType === 'delivery' ? t('delivery') : t('pickup')}</span>
        <span class={`badge ${o.status === 'AWAITING_PAYMENT' ? 'amber' : ''}`}>
          {o.status === 'AWAITING_PAYMENT' ? t('unpaid') : o.paymentMethod === 'cash' ? t('cash') : t('online')}
        </span>
        {o.rating !== null && (
          <span class="badge green">
            {'★'.repeat(o.rating)} {t('rated', { n: o.rating })}
          </span>
        )}
      </div>
      <p class="order-customer" dir="ltr">
        {o.customerWa.replace(/^whatsapp:/, '')}
      </p>
      {o.deliveryAddress && (
        <p class="muted small" dir="auto">
          {o.deliveryAddress}
        </p>
      )}
      <ul class="order-items">
        {o.items.map((item) => (
          <li key={item.id}>
            <span dir="auto">
              {item.quantity} × {item.name}
            </span>
          </li>
        ))}
      </ul>
      <div class="order-total">{money(o.total, o.currency, lang)}</div>
      {o.ratingComment && (
        <blockquote class="order-comment" dir="auto">
          “{o.ratingComment}”
        </blockquote>
      )}
      {moves.length > 0 && (
        <div class="order-actions">
          {confirming ? (
            <>
              <span class="small">{t('confirmCancel')}</span>
              <button type="button" class="btn small danger" onClick={() => void move('CANCELLED')} disabled={busy}>
                {t('yesCancel')}
              </button>
              <button type="button" class="btn small" onClick={() => setConfirming(false)}>
                {t('keep')}
              </button>
            </>
          ) : (
            moves.map((status) =>
              status === 'CANCELLED' ? (
                <button key={status} type="button" class="btn small danger" disabled={busy} onClick={() => setConfirming(true)}>
                  {moveName(lang, status)}
                </button>
              ) : (
                <button
                  key={status}
                  type="button"
                  class="btn small primary"
                  disabled={busy}
                  onClick={() => void move(status)}
                  data-move={status}
                >
                  {moveName(lang, status)}
                </button>
              ),
            )
          )}
        </div>
      )}
    </article>
  );
}
