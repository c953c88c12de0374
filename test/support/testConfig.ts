// AppConfig for in-process tests: the real parsing of the given keys, nothing from the environment.
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { AppConfig, monitorConfig } from "../../src/services/AppConfig.js"

export const testConfigLayer = (env: Record<string, string>) =>
  Layer.effect(
    AppConfig,
    Effect.withConfigProvider(monitorConfig, ConfigProvider.fromMap(new Map(Object.entries(env))))
  ).pipe(Layer.orDie)
