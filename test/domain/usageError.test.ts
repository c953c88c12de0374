import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ValidationError from "@effect/cli/ValidationError"
import { expect, it } from "vitest"
import { isUsageError } from "../../src/domain/usageError.js"

it("recognises @effect/cli's ValidationError as isValidationError does, and nothing else", () => {
  const errors = [ValidationError.invalidValue(HelpDoc.p("bad")), ValidationError.missingValue(HelpDoc.p("none"))]
  for (const error of errors) {
    expect([isUsageError(error), ValidationError.isValidationError(error)]).toEqual([true, true])
  }
  for (const other of [new Error("x"), "text", null, undefined, { _tag: "InvalidValue" }]) {
    expect(isUsageError(other)).toBe(false)
  }
})
