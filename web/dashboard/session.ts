// The dashboard token: pasted or given once as ?token= (then removed from the address bar), kept in
// sessionStorage for this tab only. Its claims are read (not verified: the API does that) to know
// the role, the restaurant and when it expires.
import type { Claims } from './types';

const TOKEN_KEY = 'sufrah.token';
const RESTAURANT_KEY = 'sufrah.restaurant';

export function decodeClaims(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Partial<Claims>;
    if (
      typeof claims.restaurantId !== 'string' ||
      typeof claims.exp !== 'number' ||
      !['owner', 'agent', 'admin'].includes(String(claims.role))
    )
      return null;
    return claims as Claims;
  } catch {
    return null;
  }
}

export const isExpired = (claims: Claims) => claims.exp * 1000 <= Date.now();

/** A ?token= in the URL wins (and is taken out of the URL); otherwise this tab's stored token. */
export function tokenFromPage(): string | null {
  const url = new URL(location.href);
  const given = url.searchParams.get('token');
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given.trim());
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export const storedRestaurant = () => sessionStorage.getItem(RESTAURANT_KEY);
export const storeRestaurant = (id: string | null) =>
  id ? sessionStorage.setItem(RESTAURANT_KEY, id) : sessionStorage.removeItem(RESTAURANT_KEY);
