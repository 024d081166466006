import { afterAll } from "vitest";

/**
 * Clean-ups that run after the test file's tests, wherever they were asked for. Vitest runs no
 * hook registered while a hook runs (an `afterAll` inside `beforeAll` is silently dropped), so
 * helpers called from `beforeAll` register here instead. This module's one `afterAll` is
 * registered when a test file first imports it, before the file's own hooks, so it runs after
 * them; the clean-ups run last asked, first done.
 */
const pending: (() => unknown)[] = [];

afterAll(async () => {
  for (let next = pending.pop(); next; next = pending.pop()) await next();
});

export function afterFile(cleanUp: () => unknown): void {
  pending.push(cleanUp);
}
