import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

describe("logger", () => {
  it("writes one JSON line per event with the module tag, phones masked to the last 4 digits", () => {
    const lines: string[] = [];
    const logger = createLogger("info", { write: (l: string) => void lines.push(l) });
    logger.child({ module: "bindings" }).info({ phone: "13807311234", guardian: { phone: "0566-8125908" } }, "code issued");
    logger.debug({ text: "孩子的情况" }, "not at info");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, module: "bindings", msg: "code issued", phone: "*******1234", guardian: { phone: "*******5908" } });
  });
});
