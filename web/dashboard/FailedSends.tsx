// Messages that could not be sent (Twilio errors, the 24-hour window, skipped sends), with retry.
import { useState } from 'preact/hooks';
import { timeOf } from '../shared/lang';
import { errorText, useDashboard, useLive } from './context';
import type { Message, Page } from './types';

const isFailed = (m: Message) => m.status === 'failed' || m.status === 'undelivered';

export function FailedSends() {
  const { api, t, lang, toast } = useDashboard();
  const [rows, setRows] = useState<Message[] | null>(null);

  useLive(
    (event) => {
      if (!event.type.startsWith('message.')) return;
      const m = event.data as unknown as Message;
      setRows((prev) => {
        const rest = (prev ?? []).filter((r) => r.id !== m.id);
        return isFailed(m) ? [m, ...rest] : rest;
      });
    },
    () => {
      api.get<Page<Message>>('/failed-sends?limit=200').then(
        (page) => setRows(page.data),
        (err: unknown) => toast(t('loadError', { message: errorText(err) })),
      );
    },
  );

  const retry = async (m: Message) => {
    try {
      await api.send('POST', `/messages/${m.id}/retry`);
      setRows((prev) => (prev ?? []).filter((r) => r.id !== m.id));
      toast(t('retried'));
    } catch (err) {
      toast(t('actionFailed', { message: errorText(err) }));
    }
  };

  return (
    <section class="card pad">
      <h2 class="section-title">{t('failedTitle')}</h2>
      {rows && rows.length === 0 && <p class="empty small">{t('failedEmpty')}</p>}
      <ul class="failed-list">
        {(rows ?? []).map((m) => (
          <li key={m.id} class="failed-row">
            <div class="failed-main">
              <p class="failed-body" dir="auto">
                {m.body || '—'}
              </p>
              <p class="muted small">
                {timeOf(m.createdAt, lang)} · {t('error')}: {m.errorCode ?? ''} {m.errorMessage ?? m.status}
              </p>
            </div>
            <button type="button" class="btn small" onClick={() => void retry(m)}>
              {t('retry')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
