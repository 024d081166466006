/** The app's PORT: free before start-up, still free before the services start, announced once open. */
import net from "node:net";
import type pino from "pino";
import { canListen, isPortFree, portFromEnv } from "../../runtime/ports";
import { sleep } from "../../runtime/sleep";
import { DEFAULT_SANDBOX_PORT } from "./sandbox";
import type { Supervisor } from "./supervisor";

/** Exit with advice (a free port to use) when PORT is taken. */
export async function ensureAppPortFree(port: number, log: pino.Logger): Promise<void> {
  if (await isPortFree(port)) return;
  const other = await suggestPort(port);
  log.error(
    { port },
    `port ${port} (PORT) is already in use, so the app cannot start. Stop the program using it ` +
      `(an earlier npm start?) or choose another port${other ? `, e.g. PORT=${other} npm start` : ""} (or set PORT in .env).`,
  );
  process.exit(1);
}

/** Still free? Something may have taken it while we were starting. */
export async function ensureAppPortStillFree(port: number, supervisor: Supervisor, log: pino.Logger): Promise<void> {
  if (await canListen(port)) return;
  log.error({ port }, `port ${port} (PORT) was taken by another program while starting; set PORT to a free port`);
  await supervisor.shutdown(1, "port taken");
}

/** Logs once the app accepts connections (Next.js prints its own banner too). */
export async function announceWhenListening(port: number, started: number, supervisor: Supervisor, log: pino.Logger) {
  for (;;) {
    if (supervisor.isShuttingDown || !supervisor.hasChildren) return;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) {
      log.info({ url: `http://localhost:${port}`, ms: Date.now() - started }, `app ready at http://localhost:${port}`);
      return;
    }
    await sleep(250);
  }
}

/** A free port after `port` (not the sandbox's), for the error message. */
async function suggestPort(port: number): Promise<number | undefined> {
  const sandboxPort = portFromEnv("SANDBOX_PORT") ?? DEFAULT_SANDBOX_PORT;
  for (let p = port + 1; p < Math.min(port + 50, 65536); p++) {
    if (p !== sandboxPort && (await isPortFree(p))) return p;
  }
  return undefined;
}
