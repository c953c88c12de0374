import { describe, expect, it } from "vitest"
import { inlineCommentWarning, parseDotEnv } from "../../src/domain/dotenv.js"

const entries = (text: string) => {
  const result = parseDotEnv(text)
  if (result._tag !== "Parsed") throw new Error(`expected Parsed, got line ${result.line}: ${result.reason}`)
  return Object.fromEntries(result.entries)
}

describe("parseDotEnv", () => {
  it("reads KEY=VALUE lines, skipping blanks and comments", () => {
    expect(entries("# comment\n\nMIN_ROI=7.5\nDB_PATH = data/x.db \n")).toEqual({
      MIN_ROI: "7.5",
      DB_PATH: "data/x.db"
    })
  })

  it("accepts `export`, quotes and trailing comments", () => {
    expect(entries([
      "export A=1",
      "B='single # not a comment'",
      "C=\"double \\\"quoted\\\" \\n line\"",
      "D=plain # a comment",
      "E=",
      "F=https://discord.com/api/webhooks/1/abc#frag"
    ].join("\n"))).toEqual({
      A: "1",
      B: "single # not a comment",
      C: "double \"quoted\" \n line",
      D: "plain",
      E: "",
      F: "https://discord.com/api/webhooks/1/abc#frag"
    })
  })

  it("handles CRLF line ends and a byte-order mark", () => {
    expect(entries("\uFEFFA=1\r\nB=2\r\n")).toEqual({ A: "1", B: "2" })
  })

  it("names the line of a malformed entry", () => {
    expect(parseDotEnv("A=1\nnot a pair\n")).toEqual({ _tag: "Invalid", line: 2, reason: "expected KEY=VALUE" })
    expect(parseDotEnv("1BAD=x")).toMatchObject({ _tag: "Invalid", line: 1 })
    expect(parseDotEnv("A=\"open")).toMatchObject({
      _tag: "Invalid",
      line: 1,
      reason: "unterminated quote in the value of A"
    })
  })

  it("finds the lines with a comment after the value, which systemd's EnvironmentFile= would keep", () => {
    const result = parseDotEnv([
      "# a comment line is fine",
      "MIN_ROI=5 # percent",
      "DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/1/abc#frag",
      "LOG_LEVEL=\"INFO\" # quoted, then a comment",
      "B='single # not a comment'",
      "DB_PATH=data/x.db\t# after a tab",
      "E=",
      "F= # only a comment"
    ].join("\n"))
    expect(result).toMatchObject({
      _tag: "Parsed",
      inlineComments: [{ line: 2, key: "MIN_ROI" }, { line: 4, key: "LOG_LEVEL" }, { line: 6, key: "DB_PATH" }]
    })
  })

  it("warns by line and key, never by value", () => {
    const line = inlineCommentWarning({ line: 2, key: "DISCORD_WEBHOOK_URL" })
    expect(line).toMatch(/^\.env line 2 \(DISCORD_WEBHOOK_URL\) has a comment after its value; systemd/)
    const parsed = parseDotEnv("DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/1/SECRET # main")
    const warnings = parsed._tag === "Parsed" ? parsed.inlineComments.map(inlineCommentWarning) : []
    expect(warnings).toHaveLength(1)
    expect(warnings.join("")).not.toContain("SECRET")
  })
})
