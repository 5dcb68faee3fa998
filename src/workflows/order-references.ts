// Human-friendly order references (`ORD-7K3F2Q`), drawn inside the workflow.
// `Math.random()` is seeded per workflow run by Temporal, so a reference is the same on every
// replay; the alphabet leaves out 0/O and 1/I so a customer can read it over the phone.
import { activityFailureType } from './activity-failures';
import { ORDER_REFERENCE_CONFLICT } from './contract';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const LENGTH = 6;

export function drawOrderReference(random: () => number = Math.random): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return `ORD-${code}`;
}

/** Draws references never handed out before in this conversation (as far as it remembers). */
export function freshOrderReference(taken: readonly (string | undefined)[], random: () => number = Math.random): string {
  for (;;) {
    const reference = drawOrderReference(random);
    if (!taken.includes(reference)) return reference;
  }
}

/** createOrder refused the reference: another conversation holds it (draw another and step again). */
export function isReferenceConflict(err: unknown): boolean {
  return activityFailureType(err) === ORDER_REFERENCE_CONFLICT;
}
