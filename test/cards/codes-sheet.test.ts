import { afterEach, describe, expect, it } from "vitest";
import { withTx, type Db, type Tx } from "../../src/db/client.ts";
import { defaultDomainSettings, type Deps } from "../../src/domain/deps.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import type { ManualClock } from "../../src/lib/clock.ts";
import { buildCodeSheet, codeSheetHtml, issueSheetCodes } from "../../src/cli/codes.ts";
import { classId, givenDemoSchool, guardianOf } from "./demo.ts";

let db: Db | undefined;
afterEach(async () => {
  await db?.$disconnect();
  db = undefined;
});

const depsOf = (tx: Tx, clock: ManualClock): Deps => ({ db: tx, clock, logger: silentLogger(), settings: defaultDomainSettings });

describe("binding-code sheet", () => {
  it("has one section per class with a slip per unbound guardian, reusing live codes and issuing the rest", async () => {
    const demo = await givenDemoSchool();
    db = demo.db;
    const code = (label: string) => demo.people.find((p) => p.label === label)!.code;
    const lijun = await withTx(db, async (tx) => {
      // 张小明妈妈 is bound: no slip. 李娜爸爸 lost his card: his code was revoked.
      await tx.wechatIdentity.create({ data: { contactId: "wx-liuli", guardianId: (await guardianOf(tx, "张小明", "MOTHER")).id, boundAt: demo.clock.now() } });
      const g = await guardianOf(tx, "李娜", "FATHER");
      await tx.bindingCode.updateMany({ where: { guardianId: g.id }, data: { revokedAt: demo.clock.now() } });
      await tx.guardian.update({ where: { id: g.id }, data: { name: "李<军>" } });
      return g.id;
    });
    demo.clock.advance(86_400_000); // a day later: printed codes still have weeks left
    const { codes, sections } = await withTx(db, async (tx) => {
      const deps = depsOf(tx, demo.clock);
      const codes = await issueSheetCodes(deps, { schoolId: demo.schoolId, className: null, guardiansOnly: true });
      return { codes, sections: await buildCodeSheet(deps, codes, null) };
    });
    expect(codes).toHaveLength(74);
    expect(codes.filter((c) => !c.reused).map((c) => c.recipient.personName)).toEqual(["李<军>"]);
    const newCode = codes.find((c) => !c.reused)!.code;
    expect(await withTx(db, (tx) => tx.bindingCode.count({ where: { guardianId: lijun, code: newCode, usedAt: null, revokedAt: null } }))).toBe(1);

    expect(sections.map((s) => [s.className, s.slips.length])).toEqual([
      ["三年级1班", 25],
      ["四年级1班", 26],
      ["五年级1班", 25],
    ]);
    // The siblings' father: a slip in each child's class, the same (reused) code on both.
    const third = sections[0]!.slips;
    expect(third.slice(0, 3)).toEqual([
      { children: ["张小明"], otherChildren: ["张小红（五年级1班）"], className: "三年级1班", person: "张伟", relation: "爸爸", code: code("张小明爸爸"), validUntil: "2026-12-31" },
      { children: ["张小明"], otherChildren: ["张小红（五年级1班）"], className: "三年级1班", person: "张桂兰", relation: "奶奶", code: code("张小明奶奶"), validUntil: "2026-12-31" },
      { children: ["李娜"], otherChildren: [], className: "三年级1班", person: "李<军>", relation: "爸爸", code: newCode, validUntil: "2027-01-01" },
    ]);
    expect(sections[2]!.slips[0]).toEqual({ children: ["张小红"], otherChildren: ["张小明（三年级1班）"], className: "五年级1班", person: "张伟", relation: "爸爸", code: code("张小明爸爸"), validUntil: "2026-12-31" });
    expect(sections.flatMap((s) => s.slips).some((s) => s.person === "刘丽" && s.children.includes("张小明"))).toBe(false);

    const html = codeSheetHtml(sections, "2026-12-02");
    expect(html.match(/<div class="section">/g)).toHaveLength(3);
    expect(html.match(/<div class="slip">/g)).toHaveLength(76);
    expect(html).toContain("三年级1班 家长绑定码（25 张，沿虚线剪开，交给学生带回家）");
    expect(html).toContain(`添加学校微信，发送「绑定 ${code("张小明爸爸")}」`);
    expect(html).toContain("<td>李&#60;军&#62;（爸爸）</td>");
    expect(html).not.toContain("李<军>");
    expect(html).toContain(".section + .section { break-before: page; page-break-before: always; }");
    expect(html).toContain('<div class="confidential">内部资料，注意保密</div>');
  });

  it("with a class: only that class's section, the same codes again on a second run", async () => {
    const demo = await givenDemoSchool();
    db = demo.db;
    const run = () =>
      withTx(db!, async (tx) => {
        const deps = depsOf(tx, demo.clock);
        const codes = await issueSheetCodes(deps, { schoolId: demo.schoolId, className: "五年级1班", guardiansOnly: true });
        return buildCodeSheet(deps, codes, await classId(tx, "五年级1班"));
      });
    const first = await run();
    expect(first.map((s) => [s.className, s.slips.length])).toEqual([["五年级1班", 26]]);
    expect(first[0]!.slips[2]).toMatchObject({ children: ["张小红"], person: "张桂兰", otherChildren: ["张小明（三年级1班）"] });
    expect(await run()).toEqual(first);
  });
});
