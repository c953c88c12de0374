// A bad command line, as @effect/cli reports it (its ValidationError), recognised by the symbol its
// TypeId is: importing @effect/cli/ValidationError would bring the whole parser into the bundle's
// chunk for `status`, which runs without it.
const ValidationErrorTypeId = Symbol.for("@effect/cli/ValidationError")

export const isUsageError = (error: unknown): boolean =>
  typeof error === "object" && error !== null && ValidationErrorTypeId in error
