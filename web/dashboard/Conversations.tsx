// Conversations: the live list (needs-agent first, unread counts, search) and the open chat.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Icon } from '../shared/icons';
import { timeOf } from '../shared/lang';
import { useDashboard, useLive } from './context';
import { Chat } from './Chat';
import type { Conversation, Page } from './types';

const byRecent = (a: Conversation, b: Conversation) => b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id);

export const displayName = (c: Conversation) => c.customerName || c.customerWa.replace(/^whatsapp:/, '');

function matches(c: Conversation, q: string): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return c.customerWa.toLowerCase().includes(needle) || (c.customerName ?? '').toLowerCase().includes(needle);
}

export function Conversations() {
  const { api, t } = useDashboard();
  const [rows, setRows] = useState<Map<string, Conversation>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [q, setQ] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const qRef = useRef(q);
  qRef.current = q;
  const openRef = useRef(openId);
  openRef.current = openId;

  const upsert = (list: Conversation[], replace = false) =>
    setRows((prev) => {
      const next = new Map(replace ? [] : prev);
      for (const c of list) next.set(c.id, c);
      return next;
    });

  const load = async (query = qRef.current) => {
    const search = query ? `&q=${encodeURIComponent(query)}` : '';
    try {
      const [needs, all] = await Promise.all([
        api.get<Page<Conversation>>(`/conversations?status=NEEDS_AGENT&limit=100${search}`),
        api.get<Page<Conversation>>(`/conversations?limit=100${search}`),
      ]);
      upsert([...all.data, ...needs.data], true);
      setLoaded(true);
    } catch (err) {
      setLoaded(true);
      if (err instanceof Error) console.warn(err.message);
    }
  };

  const markRead = (c: Conversation) => {
    if (c.unreadCount === 0) return;
    upsert([{ ...c, unreadCount: 0 }]);
    api.send<Conversation>('POST', `/conversations/${c.id}/read`).then(
      (fresh) => upsert([fresh]),
      () => undefined,
    );
  };

  useLive(
    (event) => {
      if (event.type !== 'conversation.updated') return;
      const c = event.data as unknown as Conversation;
      if (!matches(c, qRef.current)) return;
      upsert([c]);
      if (c.id === openRef.current && c.unreadCount > 0 && document.visibilityState === 'visible') markRead(c);
    },
    () => void load(),
  );

  useEffect(() => {
    const timer = window.setTimeout(() => void load(q), 250);
    return () => window.clearTimeout(timer);
  }, [q]);

  const all = [...rows.values()].sort(byRecent);
  const needs = all.filter((c) => c.status === 'NEEDS_AGENT');
  const others = all.filter((c) => c.status !== 'NEEDS_AGENT');
  const open = openId ? rows.get(openId) : undefined;

  const select = (c: Conversation) => {
    setOpenId(c.id);
    markRead(c);
  };

  return (
    <div class={`inbox ${open ? 'has-open' : ''}`}>
      <aside class="inbox-list card" aria-label={t('tabConversations')}>
        <div class="search">
          <Icon name="search" />
          <input
            class="input"
            type="search"
            value={q}
            placeholder={t('search')}
            aria-label={t('search')}
            onInput={(e) => setQ((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="list-scroll">
          {needs.length > 0 && (
            <section aria-label={t('needsAgent')} data-testid="needs-agent">
              <h3 class="list-heading urgent">
                {t('needsAgent')} <span class="count">{needs.length}</span>
              </h3>
              {needs.map((c) => (
                <Row key={c.id} c={c} active={c.id === openId} onSelect={select} />
              ))}
            </section>
          )}
          <section aria-label={t('allConversations')}>
            {(others.length > 0 || needs.length === 0) && <h3 class="list-heading">{t('allConversations')}</h3>}
            {others.map((c) => (
              <Row key={c.id} c={c} active={c.id === openId} onSelect={select} />
            ))}
            {loaded && all.length === 0 && <p class="empty small">{q ? t('noMatches') : t('noConversations')}</p>}
          </section>
        </div>
      </aside>
      <section class="inbox-chat card">
        {open ? (
          <Chat key={open.id} conversation={open} onChange={(c) => upsert([c])} onBack={() => setOpenId(null)} />
        ) : (
          <div class="empty">
            <Icon name="chat" class="icon huge" />
            <p>{t('pickConversation')}</p>
          </div>
        )}
      </section>
    </div>
  );
}

function Row({ c, active, onSelect }: { c: Conversation; active: boolean; onSelect(c: Conversation): void }) {
  const { t, lang } = useDashboard();
  const name = displayName(c);
  return (
    <button
      type="button"
      class={`conv-row ${active ? 'active' : ''}`}
      aria-current={active ? 'true' : undefined}
      onClick={() => onSelect(c)}
      data-customer={c.customerWa}
    >
      <span class={`avatar ${c.status === 'NEEDS_AGENT' ? 'urgent' : ''}`} aria-hidden="true">
        {initials(name)}
      </span>
      <span class="conv-main">
        <span class="conv-top">
          <strong class="conv-name" dir="auto">
            {name}
          </strong>
          <time class="conv-time">{timeOf(c.lastMessageAt, lang)}</time>
        </span>
        <span class="conv-bottom">
          <span class="conv-number" dir="ltr">
            {c.customerWa.replace(/^whatsapp:/, '')}
          </span>
          {c.isBotActive ? (
            <span class="badge">
              <Icon name="bot" /> {t('botOn')}
            </span>
          ) : (
            <span class="badge amber">
              <Icon name="person" /> {t('agentOn')}
            </span>
          )}
          {c.unreadCount > 0 && (
            <span class="count" aria-label={t('unread', { n: c.unreadCount })} data-testid="unread">
              {c.unreadCount}
            </span>
          )}
        </span>
      </span>
    </button>
  );
}

function initials(name: string): string {
  const letters = name.replace(/[^\p{L}\d ]/gu, '').trim();
  if (/^\d/.test(letters)) return letters.slice(-2);
  return letters
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => [...w][0] ?? '')
    .join('')
    .toUpperCase();
}
