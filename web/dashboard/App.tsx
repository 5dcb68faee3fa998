// The dashboard shell: sign-in, the restaurant (admins choose), the live connection, the tabs.
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Icon, type IconName } from '../shared/icons';
import { useLang, type Lang } from '../shared/lang';
import { createApi } from './api';
import { useBadges } from './badges';
import { DashboardContext, type Ctx } from './context';
import { connectLive, type LiveState } from './live';
import { Login, type LoginProblem } from './Login';
import { decodeClaims, isExpired, storedRestaurant, storeRestaurant, storeToken, tokenFromPage } from './session';
import { tFor, type T } from './strings';
import type { Claims, Page, RestaurantSummary } from './types';
import { Conversations } from './Conversations';
import { Orders } from './Orders';
import { FailedSends } from './FailedSends';
import { MenuView } from './Menu';
// Chart.js is most of the bundle: loaded only when the stats tab opens.
const StatsView = lazy(() => import('./Stats').then((m) => ({ default: m.StatsView })));

type Tab = 'conversations' | 'orders' | 'menu' | 'failed' | 'stats';

const TABS: { id: Tab; icon: IconName; label: Parameters<T>[0]; ownersOnly?: boolean }[] = [
  { id: 'conversations', icon: 'chat', label: 'tabConversations' },
  { id: 'orders', icon: 'bag', label: 'tabOrders' },
  { id: 'menu', icon: 'menu', label: 'tabMenu' },
  { id: 'failed', icon: 'alert', label: 'tabFailed' },
  { id: 'stats', icon: 'chart', label: 'tabStats', ownersOnly: true },
];

export function App() {
  const [lang, setLang] = useLang();
  const t = tFor(lang);
  const [token, setToken] = useState<string | null>(() => tokenFromPage());
  const [problem, setProblem] = useState<LoginProblem | null>(null);
  const claims = token ? decodeClaims(token) : null;
  const shownProblem: LoginProblem | null = problem ?? (token && !claims ? 'invalid' : claims && isExpired(claims) ? 'expired' : null);

  const signOut = (why: LoginProblem | null) => {
    storeToken(null);
    setToken(null);
    setProblem(why);
  };

  if (!token || !claims || shownProblem) {
    return (
      <Login
        t={t}
        lang={lang}
        setLang={setLang}
        problem={shownProblem}
        onToken={(next) => {
          storeToken(next);
          setProblem(null);
          setToken(next);
        }}
      />
    );
  }
  return <SignedIn key={token} token={token} claims={claims} lang={lang} setLang={setLang} t={t} onSignOut={signOut} />;
}

/** Arrow keys (mirrored right to left), Home and End move between the tabs, as in any tab list. */
function moveTab(e: KeyboardEvent, ids: Tab[], current: Tab, lang: Lang): void {
  const forward = lang === 'ar' ? 'ArrowLeft' : 'ArrowRight';
  const backward = lang === 'ar' ? 'ArrowRight' : 'ArrowLeft';
  const at = ids.indexOf(current);
  const next = e.key === forward ? at + 1 : e.key === backward ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? ids.length - 1 : null;
  if (next === null) return;
  e.preventDefault();
  const id = ids[(next + ids.length) % ids.length]!;
  location.hash = id;
  document.querySelector<HTMLElement>(`[data-tab="${id}"]`)?.focus();
}

function tabFromHash(): Tab {
  const id = location.hash.slice(1);
  return TABS.some((tab) => tab.id === id) ? (id as Tab) : 'conversations';
}

interface SignedInProps {
  token: string;
  claims: Claims;
  lang: Lang;
  setLang(lang: Lang): void;
  t: T;
  onSignOut(why: LoginProblem | null): void;
}

function SignedIn({ token, claims, lang, setLang, t, onSignOut }: SignedInProps) {
  const [restaurants, setRestaurants] = useState<RestaurantSummary[] | null>(null);
  const [restaurantId, setRestaurantId] = useState<string>(() =>
    claims.role === 'admin' ? (storedRestaurant() ?? '') : claims.restaurantId,
  );
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const [liveState, setLiveState] = useState<LiveState>('connecting');
  const [toastText, setToastText] = useState<string | null>(null);

  const expire = () => onSignOut(isExpired(claims) ? 'expired' : 'rejected');

  // Say so the moment the token runs out, not at the next click.
  useEffect(() => {
    const timer = window.setTimeout(() => onSignOut('expired'), Math.max(0, claims.exp * 1000 - Date.now()));
    return () => window.clearTimeout(timer);
  }, [claims.exp]);

  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!toastText) return;
    const timer = window.setTimeout(() => setToastText(null), 4000);
    return () => window.clearTimeout(timer);
  }, [toastText]);

  useEffect(() => {
    const api = createApi(token, claims.restaurantId, expire);
    api
      .get<Page<RestaurantSummary>>('/api/restaurants?limit=200')
      .then((page) => {
        setRestaurants(page.data);
        const known = page.data.some((r) => r.id === restaurantId);
        if (!known && page.data[0]) setRestaurantId(page.data[0].id);
      })
      .catch((err: unknown) => setToastText(t('loadError', { message: err instanceof Error ? err.message : String(err) })));
  }, [token]);

  const restaurant = restaurants?.find((r) => r.id === restaurantId);
  // One connection per restaurant and token; switching the language keeps it.
  const connection = useMemo(() => {
    if (!restaurant) return null;
    storeRestaurant(restaurant.id);
    return { api: createApi(token, restaurant.id, expire), live: connectLive(token, restaurant.id, setLiveState) };
  }, [restaurant?.id, token]);
  useEffect(() => () => connection?.live.close(), [connection]);
  const badges = useBadges(connection);
  const ctx = useMemo<Ctx | null>(
    () => (connection && restaurant ? { ...connection, lang, t, role: claims.role, restaurant, toast: setToastText } : null),
    [connection, lang],
  );

  const tabs = TABS.filter((tabInfo) => !(tabInfo.ownersOnly && claims.role === 'agent'));
  const shownTab = tabs.some((x) => x.id === tab) ? tab : 'conversations';
  const roleName = { owner: t('roleOwner'), agent: t('roleAgent'), admin: t('roleAdmin') }[claims.role];

  return (
    <div class="shell">
      <header class="topbar">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            س
          </span>
          <div>
            <strong>{t('appName')}</strong>
            <span class="brand-sub">{restaurant?.restaurantName ?? t('dashboard')}</span>
          </div>
        </div>
        {claims.role === 'admin' && restaurants && (
          <label class="picker">
            <span class="sr-only">{t('restaurant')}</span>
            <select
              class="input"
              value={restaurantId}
              onChange={(e) => setRestaurantId((e.target as HTMLSelectElement).value)}
              aria-label={t('pickRestaurant')}
            >
              {restaurants.map((r) => (
                <option value={r.id} key={r.id}>
                  {r.restaurantName} · {`\u2066${r.whatsappFrom.replace('whatsapp:', '')}\u2069`}
                </option>
              ))}
            </select>
          </label>
        )}
        <div class="topbar-end">
          <span class={`live-pill ${liveState}`} role="status" aria-live="polite" data-testid="live-state">
            <span class="dot" aria-hidden="true" />
            {liveState === 'online' ? t('live') : liveState === 'offline' ? t('offline') : t('connecting')}
          </span>
          <span class="badge">{roleName}</span>
          <button
            class="btn ghost small"
            type="button"
            onClick={() => setLang(lang === 'ar' ? 'en' : 'ar')}
            lang={lang === 'ar' ? 'en' : 'ar'}
          >
            <Icon name="globe" /> {t('language')}
          </button>
          <button class="btn ghost small" type="button" onClick={() => onSignOut(null)}>
            <Icon name="logout" /> <span class="hide-narrow">{t('signOut')}</span>
          </button>
        </div>
      </header>
      <nav
        class="tabs"
        role="tablist"
        aria-label={t('dashboard')}
        onKeyDown={(e) =>
          moveTab(
            e,
            tabs.map((x) => x.id),
            shownTab,
            lang,
          )
        }
      >
        {tabs.map((tabInfo) => (
          <a
            key={tabInfo.id}
            role="tab"
            href={`#${tabInfo.id}`}
            class="tab"
            aria-selected={shownTab === tabInfo.id}
            tabIndex={shownTab === tabInfo.id ? 0 : -1}
            data-tab={tabInfo.id}
          >
            <Icon name={tabInfo.icon} />
            <span>{t(tabInfo.label)}</span>
            {tabInfo.id === 'conversations' && badges.needsAgent > 0 && (
              <span class="count urgent" aria-label={t('needsAgent')} data-testid="needs-agent-count">
                {badges.needsAgent}
              </span>
            )}
            {tabInfo.id === 'failed' && badges.failed > 0 && (
              <span class="count urgent" aria-label={t('tabFailed')} data-testid="failed-count">
                {badges.failed}
              </span>
            )}
          </a>
        ))}
      </nav>
      <main class="content" role="tabpanel">
        {ctx ? (
          <DashboardContext.Provider value={ctx}>
            {shownTab === 'conversations' && <Conversations />}
            {shownTab === 'orders' && <Orders />}
            {shownTab === 'menu' && <MenuView />}
            {shownTab === 'failed' && <FailedSends />}
            {shownTab === 'stats' && (
              <Suspense fallback={<div class="empty">{t('connecting')}</div>}>
                <StatsView />
              </Suspense>
            )}
          </DashboardContext.Provider>
        ) : (
          <div class="empty">{t('connecting')}</div>
        )}
      </main>
      {toastText && (
        <div class="toast" role="alert">
          {toastText}
        </div>
      )}
    </div>
  );
}
