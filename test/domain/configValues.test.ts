import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { parseFilePath, parseHttpUrl, parseLogLevel, parseNumber } from "../../src/domain/configValues.js"

describe("parseNumber", () => {
  const pct = parseNumber({ min: 1, max: 120 })
  it("accepts plain decimals in range", () => {
    expect(pct("5")).toEqual(Either.right(5))
    expect(pct("2.5")).toEqual(Either.right(2.5))
    expect(pct("120")).toEqual(Either.right(120))
  })
  it("rejects what Number() would let through", () => {
    expect(pct("abc")).toEqual(Either.left("expected a number, got \"abc\""))
    expect(Either.isLeft(pct("0x10"))).toBe(true)
    expect(Either.isLeft(pct("Infinity"))).toBe(true)
    expect(Either.isLeft(pct("5 minutes"))).toBe(true)
  })
  it("names the range", () => {
    expect(pct("0.5")).toEqual(Either.left("must be between 1 and 120, got 0.5"))
    expect(pct("500")).toEqual(Either.left("must be between 1 and 120, got 500"))
  })
  it("insists on whole numbers where asked", () => {
    expect(parseNumber({ min: 0, max: 10, integer: true })("2.5")).toEqual(
      Either.left("expected a whole number, got \"2.5\"")
    )
  })
})

describe("parseHttpUrl", () => {
  it("accepts absolute http and https URLs", () => {
    expect(parseHttpUrl({ secret: false })("http://127.0.0.1:4318")).toEqual(Either.right("http://127.0.0.1:4318"))
  })
  it("rejects other schemes and relative URLs, echoing only public values", () => {
    expect(parseHttpUrl({ secret: false })("ftp://x")).toEqual(
      Either.left("expected an http or https URL, got \"ftp://x\"")
    )
    expect(parseHttpUrl({ secret: false })("/api")).toEqual(
      Either.left("expected an absolute http(s) URL, got \"/api\"")
    )
    const secret = parseHttpUrl({ secret: true })("ftp://discord.com/api/webhooks/1/TOKEN")
    expect(secret).toEqual(Either.left("expected an http or https URL, (value hidden)"))
  })
})

describe("parseLogLevel", () => {
  it("takes the documented names in any case, WARNING as WARN", () => {
    expect(parseLogLevel("debug")).toEqual(Either.right("DEBUG"))
    expect(parseLogLevel("Warning")).toEqual(Either.right("WARN"))
    expect(parseLogLevel("ERROR")).toEqual(Either.right("ERROR"))
    expect(Either.isLeft(parseLogLevel("LOUD"))).toBe(true)
  })
})

describe("parseFilePath", () => {
  const path = parseFilePath({ directory: "/srv/monitor", home: "/home/alice" })
  it("starts a relative path at the working directory", () => {
    expect(path("data/x.db")).toEqual(Either.right("/srv/monitor/data/x.db"))
    expect(path("../x.db")).toEqual(Either.right("/srv/x.db"))
    expect(path("/var/lib/monitor/x.db")).toEqual(Either.right("/var/lib/monitor/x.db"))
  })
  it("reads ~ as the home directory, as a shell would", () => {
    expect(path("~/x.db")).toEqual(Either.right("/home/alice/x.db"))
    expect(path("~/data/../x.db")).toEqual(Either.right("/home/alice/x.db"))
    expect(path("~")).toEqual(Either.right("/home/alice"))
    expect(path("data/~/x.db")).toEqual(Either.right("/srv/monitor/data/~/x.db"))
  })
  it("refuses ~user rather than make a folder of that name", () => {
    expect(path("~bob/x.db")).toEqual(
      Either.left("~user paths are not expanded; write the full path, got \"~bob/x.db\"")
    )
  })
  it("refuses the kernel's file systems, however the path gets there", () => {
    expect(path("/proc/x/db")).toEqual(
      Either.left("must not be under /proc (a kernel file system), got \"/proc/x/db\"")
    )
    expect(path("/sys")).toEqual(Either.left("must not be under /sys (a kernel file system), got \"/sys\""))
    expect(path("/dev/shm/x.db")).toEqual(
      Either.left("must not be under /dev (a kernel file system), got \"/dev/shm/x.db\"")
    )
    expect(Either.isLeft(path("../../proc/self/x.db"))).toBe(true)
    expect(Either.isLeft(parseFilePath({ directory: "/", home: "/proc" })("~/x.db"))).toBe(true)
    expect(path("/process/x.db")).toEqual(Either.right("/process/x.db"))
    expect(path("/device.db")).toEqual(Either.right("/device.db"))
  })
})
