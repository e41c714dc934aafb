import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema, formatConfigError, loadConfig } from "./config.ts";

describe("settings", () => {
  const keys = Object.keys(configSchema.shape);
  const example = readFileSync(".env.example", "utf8");
  const readme = readFileSync("README.md", "utf8");

  it("every setting is in .env.example with its default, and in the README's table", () => {
    const defaults = loadConfig({}) as Record<string, unknown>;
    for (const key of keys) {
      const line = example.split("\n").find((l) => l.startsWith(`${key}=`));
      expect(line, key).toBeDefined();
      const value = line!.slice(key.length + 1);
      expect(value, key).toBe(defaults[key] === undefined ? "" : String(defaults[key]));
      expect(readme, key).toContain(`\`${key}\``);
    }
  });

  it("refuses a bad value, naming the variable", () => {
    expect(() => loadConfig({ OUTBOX_MAX_PER_MINUTE: "many" })).toThrow(/OUTBOX_MAX_PER_MINUTE/);
    expect(() => loadConfig({ BINDING_CODE_LENGTH: "6" })).toThrow(/BINDING_CODE_LENGTH/);
    expect(() => loadConfig({ AUTO_ACCEPT_FRIENDS: "maybe" })).toThrow(/AUTO_ACCEPT_FRIENDS/);
  });

  it("explains each bad setting on one line, naming the variable and its value", () => {
    let err: unknown;
    try {
      loadConfig({
        OUTBOX_MAX_PER_MINUTE: "abc",
        BINDING_CODE_LENGTH: "6",
        LOG_LEVEL: "loud",
        DATABASE_URL: "notaurl",
        SIMULATOR_DATABASE_URL: "postgresql://bot:secret@db/sim",
        HOUSEKEEPING_CRON: "every hour",
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(formatConfigError(err)!.split("\n")).toEqual([
      '设置错误 DATABASE_URL: 应以 file: 开头（本版本只支持 SQLite，例如 file:./data/qinqing.db）（当前值 "notaurl"）',
      '设置错误 SIMULATOR_DATABASE_URL: 应以 file: 开头（本版本只支持 SQLite，例如 file:./data/qinqing.db）（当前值 "postgresql://***@db/sim"）',
      '设置错误 LOG_LEVEL: 应为以下之一：fatal、error、warn、info、debug、trace、silent（当前值 "loud"）',
      '设置错误 BINDING_CODE_LENGTH: 应为不小于 8 的整数（当前值 "6"）',
      '设置错误 OUTBOX_MAX_PER_MINUTE: 应为整数（当前值 "abc"）',
      '设置错误 HOUSEKEEPING_CRON: 应为 cron 表达式：5 或 6 个以空格分隔的字段（例如 "17 * * * *"，即每小时第 17 分钟）（当前值 "every hour"）',
    ]);
    expect(formatConfigError(new Error("other"))).toBeNull();
    expect(() => loadConfig({ OUTBOX_POLL_MS: "1.5" })).toThrow('设置错误 OUTBOX_POLL_MS: 应为整数（当前值 "1.5"）');
  });

  it("accepts 5- and 6-field cron expressions and file: database URLs; SIM_LOG_LEVEL defaults to silent", () => {
    expect(loadConfig({ HOUSEKEEPING_CRON: " 0 17 * * * * " }).HOUSEKEEPING_CRON).toBe(" 0 17 * * * * ");
    expect(loadConfig({ HOUSEKEEPING_CRON: "5 3 * * 1" }).HOUSEKEEPING_CRON).toBe("5 3 * * 1");
    expect(() => loadConfig({ HOUSEKEEPING_CRON: "* * * *" })).toThrow(/HOUSEKEEPING_CRON/);
    expect(loadConfig({ DATABASE_URL: "file:/srv/qinqing.db" }).DATABASE_URL).toBe("file:/srv/qinqing.db");
    expect(loadConfig({}).SIM_LOG_LEVEL).toBe("silent");
    expect(loadConfig({ SIM_LOG_LEVEL: "debug" }).SIM_LOG_LEVEL).toBe("debug");
    expect(() => loadConfig({ SIM_LOG_LEVEL: "chatty" })).toThrow(/SIM_LOG_LEVEL/);
  });

  it("reads booleans and numbers from strings; empty means default", () => {
    const c = loadConfig({ AUTO_ACCEPT_FRIENDS: "false", OUTBOX_MIN_INTERVAL_MS: "500", BOT_NAME: "" });
    expect(c.AUTO_ACCEPT_FRIENDS).toBe(false);
    expect(c.OUTBOX_MIN_INTERVAL_MS).toBe(500);
    expect(c.BOT_NAME).toBe("家校助手");
  });
});

describe("HOUSEKEEPING_CRON shape", () => {
  it("refuses five words that are not cron fields, accepts numbers, ranges, steps and day names", () => {
    expect(() => loadConfig({ HOUSEKEEPING_CRON: "a b c d e" })).toThrow(/HOUSEKEEPING_CRON/);
    expect(loadConfig({ HOUSEKEEPING_CRON: "*/15 8-18 * * MON-FRI" }).HOUSEKEEPING_CRON).toBe("*/15 8-18 * * MON-FRI");
  });
});
