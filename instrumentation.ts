// Runs once when the Next.js server starts: what the operator must see in the log at once.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { announceAtStart } = await import("./lib/server/start-notices");
  await announceAtStart();
}
