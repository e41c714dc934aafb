import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configSchema, loadConfig } from "./config.ts";

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

  it("reads booleans and numbers from strings; empty means default", () => {
    const c = loadConfig({ AUTO_ACCEPT_FRIENDS: "false", OUTBOX_MIN_INTERVAL_MS: "500", BOT_NAME: "" });
    expect(c.AUTO_ACCEPT_FRIENDS).toBe(false);
    expect(c.OUTBOX_MIN_INTERVAL_MS).toBe(500);
    expect(c.BOT_NAME).toBe("家校助手");
  });
});
