// One conversation: every message with its sender and delivery status, takeover / hand-back, and
// the agent's reply box. Updates live from the message events.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Icon, type IconName } from '../shared/icons';
import { timeOf } from '../shared/lang';
import { errorText, useDashboard, useLive } from './context';
import { displayName } from './Conversations';
import { MessageMedia } from './Media';
import type { Conversation, Message, Page } from './types';

const byTime = (a: Message, b: Message) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

const STATUS_ICON: Partial<Record<Message['status'], IconName>> = {
  queued: 'clock',
  sent: 'check',
  delivered: 'checks',
  read: 'checks',
  failed: 'alert',
  undelivered: 'alert',
};

interface Props {
  conversation: Conversation;
  onChange(c: Conversation): void;
  onBack(): void;
}

export function Chat({ conversation: c, onChange, onBack }: Props) {
  const { api, t, lang, toast } = useDashboard();
  const [messages, setMessages] = useState<Message[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);

  const upsert = (list: Message[], replace = false) =>
    setMessages((prev) => {
      const byId = new Map((replace ? [] : prev).map((m) => [m.id, m]));
      for (const m of list) byId.set(m.id, { ...byId.get(m.id), ...m });
      return [...byId.values()].sort(byTime);
    });

  useLive(
    (event) => {
      if (!event.type.startsWith('message.')) return;
      const m = event.data as unknown as Message;
      if (m.conversationId === c.id) upsert([m]);
    },
    () => {
      api.get<Page<Message>>(`/messages?conversationId=${c.id}&limit=200`).then(
        (page) => upsert(page.data, true),
        (err: unknown) => toast(t('loadError', { message: errorText(err) })),
      );
    },
  );

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);

  const toggleBot = async () => {
    setBusy(true);
    try {
      onChange(await api.send<Conversation>('POST', `/conversations/${c.id}/bot`, { enabled: !c.isBotActive }));
    } catch (err) {
      toast(t('actionFailed', { message: errorText(err) }));
    } finally {
      setBusy(false);
    }
  };

  const send = async (e?: Event) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    try {
      const { messageId } = await api.send<{ messageId: string }>('POST', `/conversations/${c.id}/send`, { text: body });
      upsert([
        {
          id: messageId,
          conversationId: c.id,
          direction: 'OUT',
          sender: 'agent',
          body,
          type: 'text',
          mediaUrls: [],
          status: 'queued',
          errorCode: null,
          errorMessage: null,
          createdAt: new Date().toISOString(),
        },
      ]);
    } catch (err) {
      setText(body);
      toast(t('actionFailed', { message: errorText(err) }));
    }
  };

  const retry = async (m: Message) => {
    try {
      await api.send('POST', `/messages/${m.id}/retry`);
      upsert([{ ...m, status: 'queued' }]);
      toast(t('retried'));
    } catch (err) {
      toast(t('actionFailed', { message: errorText(err) }));
    }
  };

  const name = displayName(c);
  return (
    <div class="chat">
      <header class="chat-head">
        <button type="button" class="btn ghost small only-narrow" onClick={onBack} aria-label={t('back')}>
          <Icon name="back" class="icon flip-rtl" />
        </button>
        <div class="chat-who">
          <h2 dir="auto">{name}</h2>
          <span class="muted" dir="ltr">
            {c.customerWa.replace(/^whatsapp:/, '')}
          </span>
        </div>
        <div class="chat-state">
          {c.status === 'NEEDS_AGENT' && <span class="badge red">{t('statusNEEDS_AGENT')}</span>}
          {c.optedOut && <span class="badge">{t('optedOut')}</span>}
          {c.windowOpen === false && <span class="badge amber">{t('windowClosed')}</span>}
          {c.windowOpen && c.windowClosesAt && (
            <span class="badge green">{t('windowUntil', { time: timeOf(c.windowClosesAt, lang) })}</span>
          )}
          <button
            type="button"
            class={`btn ${c.isBotActive ? 'primary' : ''}`}
            onClick={toggleBot}
            disabled={busy}
            data-testid="bot-toggle"
          >
            <Icon name={c.isBotActive ? 'person' : 'bot'} />
            {c.isBotActive ? t('takeOver') : t('handBack')}
          </button>
        </div>
      </header>
      <div class="chat-scroll" ref={scroller} aria-live="polite">
        {messages.map((m) => (
          <div key={m.id} class={`msg ${m.direction === 'IN' ? 'in' : 'out'} ${m.sender}`} data-sender={m.sender} data-status={m.status}>
            <span class="msg-sender">{m.sender === 'customer' ? t('customer') : m.sender === 'bot' ? t('bot') : t('agent')}</span>
            <MessageMedia stored={m.mediaUrls} />
            {m.body && (
              <p class="msg-body" dir="auto">
                {m.body}
              </p>
            )}
            <span class="msg-meta">
              <time>{timeOf(m.createdAt, lang)}</time>
              {m.direction === 'OUT' && (
                <span class={`msg-status ${m.status}`} title={t(`msg${m.status}` as 'msgsent')}>
                  {STATUS_ICON[m.status] && <Icon name={STATUS_ICON[m.status]!} />}
                  {t(`msg${m.status}` as 'msgsent')}
                </span>
              )}
            </span>
            {(m.status === 'failed' || m.status === 'undelivered') && (
              <span class="msg-error">
                {m.errorCode ? `${m.errorCode} · ` : ''}
                {m.errorMessage ?? ''}
                <button type="button" class="btn small danger" onClick={() => void retry(m)}>
                  {t('retry')}
                </button>
              </span>
            )}
          </div>
        ))}
      </div>
      <form class="composer" onSubmit={send}>
        {c.isBotActive && <p class="composer-hint">{t('replyHintBot')}</p>}
        <div class="composer-row">
          <textarea
            class="input"
            rows={1}
            value={text}
            dir="auto"
            placeholder={t('replyPlaceholder', { name: t('agent') })}
            aria-label={t('replyPlaceholder', { name: t('agent') })}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) void send(e);
            }}
          />
          <button class="btn primary" type="submit" disabled={!text.trim()}>
            <Icon name="send" class="icon flip-rtl" /> {t('send')}
          </button>
        </div>
      </form>
    </div>
  );
}
