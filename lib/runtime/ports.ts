import net from "node:net";

/**
 * Whether a TCP port can be listened on. `host` undefined means "all interfaces", which is what
 * `next start -p` binds; a port held on 127.0.0.1 only is also caught by checking 127.0.0.1.
 */
export function canListen(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE" || err.code === "EACCES") resolve(false);
      // The address family is missing here (e.g. no IPv6): nothing can be using it.
      else if (err.code === "EADDRNOTAVAIL" || err.code === "EAFNOSUPPORT") resolve(true);
      else reject(err);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Free on every interface and on loopback: safe to hand to a server that binds either. */
export async function isPortFree(port: number): Promise<boolean> {
  return (await canListen(port)) && (await canListen(port, "127.0.0.1"));
}

/** A port the OS says is free right now (there is always a small race before someone binds it). */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("the OS did not assign a free port"))));
    });
  });
}

/** Parse a port from an environment variable; undefined when unset, an Error naming the variable when invalid. */
export function portFromEnv(name: string, env: Record<string, string | undefined> = process.env): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}: must be a port number between 1 and 65535 (got "${raw}")`);
  }
  return port;
}
