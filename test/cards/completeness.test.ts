import { describe, expect, it } from "vitest";
import { cardGaps, fileGaps, type CardFacts } from "../../src/domain/completeness.ts";

type P = CardFacts["people"][number];
const father = (o: Partial<P> = {}): P => ({ role: "FATHER", isCaregiver: false, worksAway: true, phone: "13800000001", workCity: "广东省东莞市", ...o });
const mother = (o: Partial<P> = {}): P => ({ role: "MOTHER", isCaregiver: false, worksAway: true, phone: "13800000002", workCity: "广东省东莞市", ...o });
const grandma = (o: Partial<P> = {}): P => ({ role: "CAREGIVER", isCaregiver: true, worksAway: false, phone: "13800000003", workCity: null, ...o });
const teacher = { name: "李春梅" };

describe("file rule (档案)", () => {
  it("needs name, gender, birth date, home address, a guardian, and a caregiver when both parents are away", () => {
    const full = { name: "张小明", gender: "男", birthDate: new Date(), leftBehindType: "BOTH_AWAY" as const, homeAddress: "青山镇", guardians: [{ relation: "GRANDMOTHER" as const, isCaregiver: true }] };
    expect(fileGaps(full)).toEqual([]);
    expect(fileGaps({ ...full, name: " ", gender: null, birthDate: null, homeAddress: "　", guardians: [] })).toEqual(["姓名", "性别", "出生日期", "家庭住址", "家长信息", "监护人"]);
    expect(fileGaps({ ...full, guardians: [{ relation: "FATHER", isCaregiver: false }] })).toEqual(["监护人"]);
    expect(fileGaps({ ...full, leftBehindType: "FATHER_AWAY", guardians: [{ relation: "FATHER", isCaregiver: false }] })).toEqual([]);
  });
});

describe("contact-card rule (联系卡)", () => {
  it("is complete with the away parents' phones and work cities, a caregiver's phone and a homeroom teacher", () => {
    expect(cardGaps({ leftBehindType: "BOTH_AWAY", homeroomTeacher: teacher, people: [father(), mother(), grandma()] })).toEqual([]);
    expect(cardGaps({ leftBehindType: "FATHER_AWAY", homeroomTeacher: teacher, people: [father(), mother({ worksAway: false, isCaregiver: true, workCity: null })] })).toEqual([]);
  });

  it("names each gap", () => {
    expect(cardGaps({ leftBehindType: "BOTH_AWAY", homeroomTeacher: null, people: [father({ phone: null, workCity: "" }), grandma({ phone: null })] })).toEqual([
      "父亲电话",
      "父亲务工地点",
      "母亲信息",
      "监护人电话",
      "班主任",
    ]);
    // The type says the mother is away although her record does not: she still needs a phone and a city.
    expect(cardGaps({ leftBehindType: "MOTHER_AWAY", homeroomTeacher: teacher, people: [father({ worksAway: false }), mother({ worksAway: false, phone: null, workCity: null })] })).toEqual([
      "母亲电话",
      "母亲务工地点",
    ]);
    // A parent at home not marked as caregiver still counts as the adult at home.
    expect(cardGaps({ leftBehindType: "FATHER_AWAY", homeroomTeacher: teacher, people: [father(), mother({ worksAway: false, workCity: null })] })).toEqual([]);
    expect(cardGaps({ leftBehindType: "BOTH_AWAY", homeroomTeacher: teacher, people: [father(), mother()] })).toEqual(["监护人"]);
  });
});
