import { createServer } from "node:net";

/** Binds 127.0.0.1:port to learn whether it is free; port 0 asks the kernel for any free port. */
function bindProbe(port: number): Promise<number | undefined> {
  return new Promise((resolvePromise) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", () => {
      resolvePromise(undefined);
    });
    srv.listen({ host: "127.0.0.1", port, exclusive: true }, () => {
      const addr = srv.address();
      const got = typeof addr === "object" && addr ? addr.port : undefined;
      srv.close(() => {
        resolvePromise(got);
      });
    });
  });
}

/**
 * Returns `preferred` when it is free on 127.0.0.1, otherwise a free port
 * chosen by the kernel. `onBusy` is told when the preferred port was taken.
 */
export async function pickPort(preferred: number, onBusy?: (busy: number, chosen: number) => void): Promise<number> {
  if (preferred > 0) {
    const got = await bindProbe(preferred);
    if (got !== undefined) return got;
  }
  const any = await bindProbe(0);
  if (any === undefined) throw new Error("no free TCP port on 127.0.0.1");
  if (preferred > 0) onBusy?.(preferred, any);
  return any;
}
