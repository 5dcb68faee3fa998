// Failures an activity raises on purpose. Non-retryable ones stop Temporal from retrying work
// that cannot succeed (a missing restaurant, an order reference taken by another conversation).
import { ApplicationFailure } from '@temporalio/common';

export const notFound = (what: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(`${what} not found`, 'NotFound');

export const invalidArgument = (message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, 'InvalidArgument');

/** Prisma's unique-constraint violation (two activities raced to create the same row). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'P2002';
}
