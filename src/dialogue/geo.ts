// Which branch delivers to a shared location.
import type { MenuBranch } from './types';

const EARTH_RADIUS_KM = 6371;

export interface Point {
  lat: number;
  lng: number;
}

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: Point, b: Point): number {
  const rad = (deg: number): number => (deg * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The nearest active branch whose delivery radius covers the point, or undefined. */
export function branchForDelivery(branches: MenuBranch[], point: Point): MenuBranch | undefined {
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lng)) return undefined;
  let best: { branch: MenuBranch; km: number } | undefined;
  for (const branch of branches) {
    if (!branch.isActive) continue;
    const km = distanceKm(point, branch);
    if (km > branch.deliveryRadiusKm) continue;
    if (!best || km < best.km) best = { branch, km };
  }
  return best?.branch;
}
