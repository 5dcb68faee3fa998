// All activities of the conversation workflow, built from injected dependencies.
import type { ActivityDeps } from './deps';

export type { ActivityDeps };

export const createActivities = (_deps: ActivityDeps) => ({});

export type Activities = ReturnType<typeof createActivities>;
