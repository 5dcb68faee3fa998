export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__SUFRAH_TEST__;
  if (!stack) return;
  await Promise.allSettled([stack.temporal.teardown(), stack.dropDatabase()]);
}
