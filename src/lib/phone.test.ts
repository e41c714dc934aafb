import { describe, expect, it } from "vitest";
import { normalizePhone } from "./phone.ts";

describe("normalizePhone", () => {
  it.each([
    ["13800001000", "13800001000"],
    ["138-0000-1001", "13800001001"],
    ["138 0000 1100", "13800001100"],
    ["１３８００００１００３", "13800001003"],
    ["+86 13800001005", "13800001005"],
    ["(+86)13800001005", "13800001005"],
    ["（+86）138 0000 1005", "13800001005"],
    ["0086-13800001005", "13800001005"],
    ["8613800001005", "13800001005"],
    ["16512345678", "16512345678"],
    ["19212345678", "19212345678"],
  ])("mobile %s -> %s", (input, phone) => {
    expect(normalizePhone(input)).toEqual({ ok: true, phone, kind: "mobile" });
  });

  it.each([
    ["0566-8125908", "0566-8125908"],
    ["05668125908", "0566-8125908"],
    ["(0566)8125908", "0566-8125908"],
    ["010-12345678", "010-12345678"],
    ["02012345678", "020-12345678"],
  ])("landline %s -> %s", (input, phone) => {
    expect(normalizePhone(input)).toEqual({ ok: true, phone, kind: "landline" });
  });

  it.each([
    ["138000010001", "BAD_MOBILE"],
    ["12800001000", "BAD_MOBILE"],
    ["1380000100", "BAD_MOBILE"],
    ["138abc01000", "NOT_DIGITS"],
    ["", "NOT_DIGITS"],
    ["0566-812", "BAD_LANDLINE"],
    ["88886666", "UNKNOWN_SHAPE"],
  ])("rejects %s (%s)", (input, problem) => {
    expect(normalizePhone(input)).toEqual({ ok: false, problem });
  });
});
