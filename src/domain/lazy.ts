/**
 * A value made on first use, then kept. For Intl objects: making one loads ICU data (the report
 * table's grapheme segmenter its break rules) that the daemon, `status` and `--help` never use.
 */
export const lazy = <A extends object>(make: () => A): () => A => {
  let value: A | undefined
  return () => (value ??= make())
}
