/**
 * `codes issue` (a list or CSV of binding codes) and `codes sheet` (a printable A4 page of
 * cut-out slips per class). Both hand out codes the same way, through {@link issueSheetCodes}.
 */
import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import type { Deps } from "../domain/deps.ts";
import { issueBindingCode } from "../domain/bindings.ts";
import { compareClasses } from "../domain/cards.ts";
import { listCodeRecipients, type CodeRecipient } from "../domain/directory.ts";
import { formatDateShanghai } from "../lib/time.ts";
import { systemClock } from "../lib/clock.ts";
import { RELATION_LABEL, STAFF_ROLE_LABEL } from "../messages/zh.ts";
import { CODE_SHEET_HEADER, LIST_SEPARATOR, codesSummaryText } from "../messages/cli.ts";
import { cardText, codeSheetBadExtensionText, codeSheetText, codeSheetWrittenText, defaultFileName, JOIN } from "../messages/cards.ts";
import { resolveClass, withSchoolTx, type DbOptions } from "./context.ts";
import { escapeHtml, extensionOf, htmlPage, inCurrentFolder } from "./print.ts";

/** A person on a code sheet with the code to hand out. */
export interface SheetCode {
  recipient: CodeRecipient;
  code: string;
  /** End of the last valid day (Asia/Shanghai). */
  expiresAt: Date;
  /** True when the person's live code was reused (a card already printed stays valid). */
  reused: boolean;
}

/**
 * The codes to hand out to the people of `className` (every class when null; staff too unless
 * `guardiansOnly`), skipping people already bound unless `includeBound`. A person's live code
 * (unused, not revoked, more than a week left; see listCodeRecipients) is reused so printed
 * cards stay valid; others get a new code, which voids their older unused ones. With `renew`
 * everyone gets a new code. Writes codes and audit rows in the caller's transaction.
 */
export async function issueSheetCodes(
  deps: Deps,
  input: { schoolId: number; className: string | null; includeBound?: boolean; renew?: boolean; guardiansOnly?: boolean },
): Promise<SheetCode[]> {
  const recipients = (await listCodeRecipients(deps, { schoolId: input.schoolId, className: input.className })).filter(
    (r) => (input.includeBound || !r.bound) && (!input.guardiansOnly || r.target.kind === "guardian"),
  );
  const out: SheetCode[] = [];
  for (const r of recipients) {
    const live = input.renew ? null : r.liveCode;
    const code = live ?? (await issueBindingCode(deps, { target: r.target, issuer: { type: "CLI" } }));
    out.push({ recipient: r, code: code.code, expiresAt: code.expiresAt, reused: live !== null });
  }
  return out;
}

/** One cut-out slip: a guardian and the children they have in the section's class. */
export interface CodeSlip {
  children: string[];
  /** The guardian's children in other classes, `张小明（三年级1班）`. */
  otherChildren: string[];
  className: string;
  person: string;
  relation: string;
  code: string;
  validUntil: string;
}

/** One class of a code sheet. */
export interface CodeSheetSection {
  className: string;
  slips: CodeSlip[];
}

/**
 * Groups sheet codes into one section per class, in class order. A guardian with children in
 * several classes gets a slip in each of those classes (same code), so every homeroom teacher's
 * pile is complete; with `onlyClassId` only that class's section is made. One query for the
 * guardians' children and their own relation words.
 */
export async function buildCodeSheet({ db }: Deps, codes: SheetCode[], onlyClassId: number | null): Promise<CodeSheetSection[]> {
  const ids = codes.filter((c) => c.recipient.target.kind === "guardian").map((c) => c.recipient.target.id);
  const links = await db.studentGuardian.findMany({
    where: { guardianId: { in: ids }, student: { status: "ACTIVE" } },
    select: {
      guardianId: true,
      guardian: { select: { relation: true, relationLabel: true } },
      student: { select: { id: true, name: true, studentNo: true, class: { select: { id: true, name: true, grade: true } } } },
    },
  });
  type Link = (typeof links)[number];
  const byChild = (a: Link, b: Link) =>
    compareClasses(a.student.class, b.student.class) ||
    (a.student.studentNo ?? "").localeCompare(b.student.studentNo ?? "", "zh-CN", { numeric: true }) ||
    a.student.id - b.student.id;
  links.sort(byChild);
  const sections = new Map<number, { cls: Link["student"]["class"]; slips: { first: Link; index: number; slip: CodeSlip }[] }>();
  codes.forEach((c, index) => {
    const mine = links.filter((l) => l.guardianId === c.recipient.target.id);
    const first = mine[0];
    if (!first) return;
    for (const cls of new Map(mine.map((l) => [l.student.class.id, l.student.class])).values()) {
      if (onlyClassId !== null && cls.id !== onlyClassId) continue;
      const here = mine.filter((l) => l.student.class.id === cls.id);
      const section = sections.get(cls.id) ?? { cls, slips: [] };
      sections.set(cls.id, section);
      section.slips.push({
        first: here[0]!,
        index,
        slip: {
          children: here.map((l) => l.student.name),
          otherChildren: mine.filter((l) => l.student.class.id !== cls.id).map((l) => `${l.student.name}（${l.student.class.name}）`),
          className: cls.name,
          person: c.recipient.personName,
          relation: first.guardian.relationLabel?.trim() || RELATION_LABEL[first.guardian.relation],
          code: c.code,
          validUntil: formatDateShanghai(c.expiresAt),
        },
      });
    }
  });
  return [...sections.values()]
    .sort((a, b) => compareClasses(a.cls, b.cls))
    .map((s) => ({ className: s.cls.name, slips: s.slips.sort((a, b) => byChild(a.first, b.first) || a.index - b.index).map((x) => x.slip) }));
}

const SHEET_CSS = `
.slips { font-size: 0; }
.slip { display: inline-block; width: 50%; vertical-align: top; font-size: 10.5pt; border: 1px dashed #666; padding: 3mm 4mm; break-inside: avoid; page-break-inside: avoid; }
.slip table { border-collapse: collapse; width: 100%; }
.slip th { text-align: left; font-weight: normal; color: #333; width: 22mm; padding: 0.5mm 0; }
.slip td { padding: 0.5mm 0; }
.code { font-family: "Consolas", "Courier New", monospace; font-size: 16pt; font-weight: bold; letter-spacing: 0.15em; }
.instruction { margin-top: 1.5mm; font-weight: bold; }
.small { font-size: 8.5pt; color: #333; }
`;

/** The printable binding-code sheet: one section per class (a page break between classes), slips two across. */
export function codeSheetHtml(sections: CodeSheetSection[], printedOn: string): string {
  const t = codeSheetText;
  const slip = (s: CodeSlip) => `<div class="slip"><table>
<tr><th>${escapeHtml(t.child)}</th><td>${escapeHtml(s.children.join(JOIN))}</td></tr>
<tr><th>${escapeHtml(t.className)}</th><td>${escapeHtml(s.className)}</td></tr>
<tr><th>${escapeHtml(t.person)}</th><td>${escapeHtml(s.person)}（${escapeHtml(s.relation)}）</td></tr>
<tr><th>${escapeHtml(t.code)}</th><td class="code">${escapeHtml(s.code)}</td></tr>
<tr><th>${escapeHtml(t.validUntil)}</th><td>${escapeHtml(s.validUntil)}</td></tr>
</table>
<div class="instruction">${escapeHtml(t.instruction(s.code))}</div>
<div class="small">${escapeHtml(t.oneUse)}${s.otherChildren.length ? ` ${escapeHtml(t.otherChildren(s.otherChildren.join(JOIN)))}` : ""}</div>
</div>`;
  const body = sections.length
    ? sections
        .map((s) => `<div class="section">
<h2>${escapeHtml(t.classTitle(s.className, s.slips.length))}</h2>
<div class="meta">${escapeHtml(cardText.printedOn(printedOn))}</div>
<div class="slips">${s.slips.map(slip).join("\n")}</div>
</div>`)
        .join("\n")
    : `<p>${escapeHtml(t.noSlips)}</p>`;
  return htmlPage(t.title, SHEET_CSS, body);
}

/** `codes issue` and `codes sheet`. Returns the `codes` command. */
export function registerCodesCommands(program: Command): Command {
  const codes = program.command("codes").description("绑定码");
  codes
    .command("issue")
    .description(
      "列出或导出还没绑定的人的绑定码（在读学生的家长和监护人；不加 --class 时也包括教职工）。" +
        "已有有效绑定码的人沿用原码（已打印的卡片继续有效），其他人发新码",
    )
    .option("--class <name>", "只要这个班学生的家长和监护人（例如 三年级1班）；孩子在几个班的，列出全部孩子和班级")
    .option("--out <file>", "写成 CSV 文件（UTF-8 带 BOM，Excel 可直接打开），不在屏幕上列出")
    .option("--include-bound", "也包括已经绑定的人（换手机时用绑定码重新绑定）")
    .option("--renew", "全部发新码：这些人旧的未用绑定码作废（已打印的旧卡片失效）")
    .addOption(new Option("--simulator", "use the simulator's database").hideHelp())
    .action(async (opts: DbOptions & { class?: string; out?: string; includeBound?: boolean; renew?: boolean }) => {
      const sheet = await withSchoolTx(opts, async (deps, schoolId) => {
        const cls = await resolveClass(deps, schoolId, opts.class);
        const issued = await issueSheetCodes(deps, { schoolId, className: cls?.name ?? null, includeBound: !!opts.includeBound, renew: !!opts.renew });
        const rows = issued.map(({ recipient: r, code, expiresAt }) => {
          const relation = r.target.kind === "guardian" ? RELATION_LABEL[r.relation as keyof typeof RELATION_LABEL] : STAFF_ROLE_LABEL[r.relation as keyof typeof STAFF_ROLE_LABEL];
          return [r.classNames.join(LIST_SEPARATOR), r.childNames.join(LIST_SEPARATOR), r.personName, relation, code, formatDateShanghai(expiresAt)];
        });
        const reused = issued.filter((c) => c.reused).length;
        return { rows, reused, issued: rows.length - reused };
      });
      const header = [...CODE_SHEET_HEADER];
      if (opts.out) {
        const csv = [header, ...sheet.rows].map((r) => r.map(csvCell).join(",")).join("\r\n");
        writeFileSync(opts.out, `\uFEFF${csv}\r\n`, "utf8");
      } else {
        console.log(header.join("\t"));
        for (const r of sheet.rows) console.log(r.join("\t"));
      }
      console.log(codesSummaryText({ reused: sheet.reused, issued: sheet.issued, renew: !!opts.renew, ...(opts.out ? { out: opts.out } : {}) }));
    });

  codes
    .command("sheet")
    .description(
      "打印用的绑定码单（A4 网页，每班一节、每位还没绑定的家长或监护人一张剪裁条，交给班主任发放）。" +
        "已有有效绑定码的沿用原码，其他人发新码",
    )
    .option("--class <name>", "只要这个班（例如 三年级1班）")
    .option("--out <file.html>", "写到这个文件（默认当前文件夹下的 绑定码-日期.html）")
    .addOption(new Option("--simulator", "use the simulator's database").hideHelp())
    .action(async (opts: DbOptions & { class?: string; out?: string }) => {
      if (opts.out && extensionOf(opts.out) !== "html") throw new Error(codeSheetBadExtensionText(opts.out));
      const today = formatDateShanghai(systemClock.now());
      const result = await withSchoolTx(opts, async (deps, schoolId) => {
        const cls = await resolveClass(deps, schoolId, opts.class);
        const issued = await issueSheetCodes(deps, { schoolId, className: cls?.name ?? null, guardiansOnly: true });
        const sections = await buildCodeSheet(deps, issued, cls?.id ?? null);
        return { issued, sections, className: cls?.name ?? null };
      });
      const file = opts.out ?? inCurrentFolder(defaultFileName.codes(today, result.className));
      writeFileSync(file, codeSheetHtml(result.sections, today), "utf8");
      const reused = result.issued.filter((c) => c.reused).length;
      console.log(codeSheetWrittenText({ file, classes: result.sections.length, people: result.issued.length, reused, issued: result.issued.length - reused }));
    });
  return codes;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
