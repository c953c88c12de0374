import * as NodeNet from "node:net"

/** A loopback port nothing listens on: connections to it are refused. */
export const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = NodeNet.createServer()
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as NodeNet.AddressInfo).port
      server.close(() => resolve(port))
    })
  })
