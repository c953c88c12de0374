import type * as ConfigError from "effect/ConfigError"

const leaves = (error: ConfigError.ConfigError): ReadonlyArray<string> => {
  switch (error._op) {
    case "And":
    case "Or":
      return [...leaves(error.left), ...leaves(error.right)]
    default:
      return [`${error.path.length > 0 ? `${error.path.join(".")}: ` : ""}${error.message}`]
  }
}

/** One line naming every bad key: it ends up in journald, where a multi-line message splits apart. */
export const configErrorLine = (error: ConfigError.ConfigError): string =>
  `config error: ${[...new Set(leaves(error))].join("; ")}`
