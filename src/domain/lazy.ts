/**
 * A value made on first use, then kept. For Intl formatters: making one loads ICU data (a time
 * zone formatter about 8 MB of it) that commands such as `status` and `--help` never use.
 */
export const lazy = <A extends object>(make: () => A): () => A => {
  let value: A | undefined
  return () => (value ??= make())
}
