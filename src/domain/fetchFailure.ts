// Why a fetch() failed, in words an operator can act on. fetch rejects with a bare TypeError
// ("fetch failed") whose `cause` carries the system's code; a timeout rejects with a TimeoutError.

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null | undefined)?.code
  return typeof code === "string" ? code : undefined
}

const tlsCodes = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/

const reasonFor = (code: string): string | undefined => {
  if (code === "ECONNREFUSED") return "connection refused"
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return `DNS lookup failed (${code})`
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return `connection timed out (${code})`
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `connection reset (${code})`
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ENETDOWN") return `network unreachable (${code})`
  if (tlsCodes.test(code)) return `TLS failed (${code})`
  return undefined
}

/** One short phrase: "connection refused", "DNS lookup failed (ENOTFOUND)", "TLS failed (CERT_HAS_EXPIRED)", … */
export const describeFetchFailure = (error: unknown, timeoutSeconds: number): string => {
  if ((error as { name?: unknown } | null | undefined)?.name === "TimeoutError") {
    return `timed out after ${timeoutSeconds} s`
  }
  const cause = (error as { cause?: unknown } | null | undefined)?.cause
  // A host with several addresses fails with an AggregateError of one error per address.
  const code = codeOf(cause) ?? codeOf((cause as { errors?: ReadonlyArray<unknown> } | undefined)?.errors?.[0])
  if (code !== undefined) return reasonFor(code) ?? code
  if (cause instanceof Error) return cause.message
  return error instanceof Error ? error.message : String(error)
}
