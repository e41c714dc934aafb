import { describe, expect, it } from "vitest";
import { maskPhoneMiddle } from "./mask.ts";

describe("maskPhoneMiddle", () => {
  it("keeps a mobile's first 3 and last 4 digits, a landline's area code and last 4", () => {
    expect(maskPhoneMiddle("13812345678")).toBe("138****5678");
    expect(maskPhoneMiddle("0566-8125908")).toBe("0566-***5908");
    expect(maskPhoneMiddle("010-12345678")).toBe("010-****5678");
    expect(maskPhoneMiddle("123")).toBe("****");
    expect(maskPhoneMiddle("+4412345678")).toBe("*******5678");
  });
});
