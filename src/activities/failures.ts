// Failures an activity raises on purpose. Non-retryable ones stop Temporal from retrying work
// that cannot succeed (a missing restaurant, an order reference taken by another conversation).
import { ApplicationFailure } from '@temporalio/common';

export const notFound = (what: string): ApplicationFailure => ApplicationFailure.nonRetryable(`${what} not found`, 'NotFound');

export const invalidArgument = (message: string): ApplicationFailure => ApplicationFailure.nonRetryable(message, 'InvalidArgument');
