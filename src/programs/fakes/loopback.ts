// Starting and stopping the test servers on loopback: every socket is tracked so that close()
// finishes even while a request hangs, and a client that aborts never raises an unhandled error.
import type * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"

export interface Listening {
  readonly port: number
  /** Idempotent; destroys open connections, hung ones included. */
  readonly close: () => Promise<void>
}

export const listenOnLoopback = async (
  server: NodeHttp.Server,
  options: { readonly port?: number; readonly beforeClose?: () => void } = {}
): Promise<Listening> => {
  const sockets = new Set<NodeNet.Socket>()
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    socket.on("error", () => undefined)
  })
  server.on("clientError", (_error, socket) => socket.destroy())
  server.on("error", () => undefined)
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  let closed: Promise<void> | undefined
  return {
    port: (server.address() as NodeNet.AddressInfo).port,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        options.beforeClose?.()
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
      })
      return closed
    }
  }
}

/** Delays a server can cancel on close: a cancelled sleep never resolves, so its handler is dropped. */
export const cancellableSleeps = () => {
  const timers = new Set<NodeJS.Timeout>()
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        if (ms <= 0) return resolve()
        const timer = setTimeout(() => {
          timers.delete(timer)
          resolve()
        }, ms)
        timers.add(timer)
      }),
    cancelAll: () => {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    }
  }
}
