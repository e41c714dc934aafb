/**
 * `cards export` (printable contact cards: an Excel list per class and an A4 HTML page) and
 * `roster stats` (建档率, 联系卡完整率, 绑定率 and the gaps of each child).
 */
import { writeFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { Option, type Command } from "commander";
import { loadContactCards, type ContactCard, type ContactCardPerson } from "../domain/cards.ts";
import { computeCoverage, formatRate, type CoverageReport } from "../domain/coverage.ts";
import { systemClock } from "../lib/clock.ts";
import { formatDateShanghai } from "../lib/time.ts";
import {
  CARD_COLUMNS,
  CONFIDENTIAL,
  JOIN,
  LEFT_BEHIND_LABEL,
  cardText,
  cardsBadExtensionText,
  cardsWrittenText,
  defaultFileName,
  statsText,
} from "../messages/cards.ts";
import { resolveClass, withSchoolTx, type DbOptions } from "./context.ts";
import { escapeHtml, extensionOf, htmlPage, inCurrentFolder } from "./print.ts";

/** Cards grouped by class, in the cards' order (they come sorted by class). */
function byClass(cards: ContactCard[]): { className: string; cards: ContactCard[] }[] {
  const groups: { classId: number; className: string; cards: ContactCard[] }[] = [];
  for (const c of cards) {
    const last = groups.at(-1);
    if (last?.classId === c.classId) last.cards.push(c);
    else groups.push({ classId: c.classId, className: c.className, cards: [c] });
  }
  return groups;
}

/** The person's note on a card: 在家 for a parent at home, 监护人 for the caregiver. */
function noteOf(p: ContactCardPerson): string {
  const notes: string[] = [];
  if ((p.role === "FATHER" || p.role === "MOTHER") && !p.worksAway) notes.push(cardText.atHome);
  if (p.isCaregiver) notes.push(cardText.caregiverNote);
  return notes.join(JOIN);
}

/** The Excel row of one child, in {@link CARD_COLUMNS} order; empty cells are null. */
export function cardRow(c: ContactCard): (string | null)[] {
  const lines = (xs: (string | null)[]) => xs.filter((x): x is string => !!x).join("\n") || null;
  const parent = (role: "FATHER" | "MOTHER") => {
    const ps = c.people.filter((p) => p.role === role);
    return [lines(ps.map((p) => p.name)), lines(ps.map((p) => p.phone)), lines(ps.map((p) => (p.worksAway ? cardText.work2(p.workCity, p.employer) : cardText.atHome)))];
  };
  const carers = c.people.filter((p) => p.isCaregiver);
  const others = c.people.filter((p) => p.role === "OTHER");
  return [
    c.studentNo,
    c.studentName,
    c.gender,
    LEFT_BEHIND_LABEL[c.leftBehindType],
    c.homeAddress,
    ...parent("FATHER"),
    ...parent("MOTHER"),
    lines(carers.map((p) => cardText.personWithRelation(p.name, p.relationLabel))),
    lines(carers.map((p) => p.phone)),
    lines(others.map((p) => [cardText.personWithRelation(p.name, p.relationLabel), p.phone].filter(Boolean).join(" "))),
    c.homeroomTeacher?.name ?? null,
    c.homeroomTeacher?.phone ?? null,
    c.missing.join(JOIN) || null,
  ];
}

/** Display width of a text in Excel character units: CJK and full-width characters count 2. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uFFFF\u{20000}-\u{3FFFF}]/u.test(ch) ? 2 : 1;
  return w;
}

/** Excel sheet names: at most 31 characters, none of `[]:*?/\`, unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, "_").slice(0, 28) || "Sheet";
  let out = base;
  for (let i = 2; taken.has(out); i++) out = `${base}(${i})`;
  taken.add(out);
  return out;
}

/**
 * The contact cards as an Excel workbook: one sheet per class, one row per child with all its
 * contacts ({@link CARD_COLUMNS}), a title row and the 内部资料，注意保密 line, printed on A4
 * landscape one page wide, the header row repeated on every page, the print area set.
 */
export function cardsWorkbook(cards: ContactCard[], printedOn: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "亲情桥";
  const taken = new Set<string>();
  for (const group of byClass(cards)) {
    const ws = wb.addWorksheet(sheetName(group.className, taken));
    const cols = CARD_COLUMNS.length;
    ws.addRow([cardText.classTitle(group.className)]);
    ws.addRow([`${CONFIDENTIAL}　${cardText.printedOn(printedOn)}`]);
    ws.addRow([...CARD_COLUMNS]);
    for (const c of group.cards) ws.addRow(cardRow(c));
    ws.mergeCells(1, 1, 1, cols);
    ws.mergeCells(2, 1, 2, cols);
    ws.getRow(1).font = { bold: true, size: 14 };
    ws.getRow(1).alignment = { horizontal: "center" };
    ws.getRow(2).font = { bold: true };
    ws.getRow(2).alignment = { horizontal: "center" };
    const header = ws.getRow(3);
    header.font = { bold: true };
    header.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    const border: Partial<ExcelJS.Borders> = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
    for (let r = 3; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      for (let i = 1; i <= cols; i++) {
        const cell = row.getCell(i);
        cell.border = border;
        if (r > 3) cell.alignment = { vertical: "top", wrapText: true };
      }
    }
    for (let i = 1; i <= cols; i++) {
      let width = textWidth(CARD_COLUMNS[i - 1]!);
      for (let r = 4; r <= ws.rowCount; r++) {
        const v = ws.getRow(r).getCell(i).value;
        if (typeof v === "string") for (const line of v.split("\n")) width = Math.max(width, textWidth(line));
      }
      ws.getColumn(i).width = Math.min(Math.max(width + 2, 6), 32);
    }
    ws.views = [{ state: "frozen", ySplit: 3 }];
    ws.pageSetup = {
      paperSize: 9 as ExcelJS.PaperSize, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printArea: `A1:${ws.getColumn(cols).letter}${ws.rowCount}`,
      printTitlesRow: "3:3",
    };
    ws.headerFooter = { oddHeader: `&C${CONFIDENTIAL}`, oddFooter: "&C&P / &N" };
  }
  return wb;
}

const CARDS_CSS = `
.card { border: 1.5px solid #000; padding: 3mm 4mm; margin-bottom: 5mm; break-inside: avoid; page-break-inside: avoid; }
.card .head { font-size: 11pt; margin-bottom: 1.5mm; }
.card .name { font-size: 14pt; font-weight: bold; margin-right: 3mm; }
.card table { border-collapse: collapse; width: 100%; margin: 1.5mm 0; }
.card th, .card td { border: 1px solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
.card th { background: #eee; font-weight: normal; }
.card .missing { font-weight: bold; }
.card .tag { float: right; font-size: 8pt; color: #333; }
`;

function cardHtml(c: ContactCard): string {
  const t = cardText;
  const head = [c.className, c.studentNo ? `${t.studentNo} ${c.studentNo}` : null, c.gender, LEFT_BEHIND_LABEL[c.leftBehindType]].filter(Boolean).join(" · ");
  const rows = c.people
    .map(
      (p) => `<tr><td>${escapeHtml(p.relationLabel)}</td><td>${escapeHtml(p.name)}</td><td>${escapeHtml(p.phone)}</td><td>${escapeHtml(p.worksAway ? t.work2(p.workCity, p.employer) : "")}</td><td>${escapeHtml(noteOf(p))}</td></tr>`,
    )
    .join("\n");
  const teacher = c.homeroomTeacher ? [c.homeroomTeacher.name, c.homeroomTeacher.phone].filter(Boolean).join(" ") : t.none;
  return `<div class="card">
<div class="head"><span class="tag">${escapeHtml(CONFIDENTIAL)}</span><span class="name">${escapeHtml(c.studentName)}</span>${escapeHtml(head)}</div>
<div>${escapeHtml(t.homeAddress)}：${escapeHtml(c.homeAddress)}</div>
<table>
<tr><th>${escapeHtml(t.relation)}</th><th>${escapeHtml(t.personName)}</th><th>${escapeHtml(t.phone)}</th><th>${escapeHtml(t.work)}</th><th>${escapeHtml(t.note)}</th></tr>
${rows}
</table>
<div>${escapeHtml(t.homeroomTeacher)}：${escapeHtml(teacher)}</div>
${c.missing.length ? `<div class="missing">${escapeHtml(t.missing)}：${escapeHtml(c.missing.join(JOIN))}</div>\n` : ""}</div>`;
}

/**
 * The contact cards as one HTML page for A4 printing: a section per class (each starting on a
 * new page), several cards per page, no card split across pages; every value escaped.
 */
export function cardsHtml(cards: ContactCard[], printedOn: string): string {
  const body = byClass(cards)
    .map((g) => `<div class="section">
<h2>${escapeHtml(cardText.classTitle(g.className))}</h2>
<div class="meta">${escapeHtml(cardText.printedOn(printedOn))}</div>
${g.cards.map(cardHtml).join("\n")}
</div>`)
    .join("\n");
  return htmlPage(cardText.title, CARDS_CSS, body);
}

/** The `roster stats` text: school (or class) figures, each class, then each child with gaps. */
export function coverageText(r: CoverageReport, scope: string | null, date: string): string {
  const t = statsText;
  const lines = [t.title(scope, date), t.children(r.children)];
  if (r.children === 0) lines.push(t.noChildren);
  lines.push(t.fileRate(formatRate(r.fileRate), r.withFile, r.children));
  lines.push(t.cardRate(formatRate(r.cardRate), r.cardComplete, r.children));
  lines.push(t.bindingRate(formatRate(r.bindingRate), r.guardiansBound, r.guardians));
  lines.push("", t.classesHeader);
  for (const c of r.classes) {
    const rate = (part: number, whole: number) => formatRate(whole === 0 ? 0 : part / whole);
    lines.push(
      t.classLine({ ...c, fileRate: rate(c.withFile, c.children), cardRate: rate(c.cardComplete, c.children), bindingRate: rate(c.guardiansBound, c.guardians) }),
    );
  }
  lines.push("");
  if (r.gaps.length === 0) lines.push(r.children === 0 ? "" : t.noGaps);
  else {
    lines.push(t.gapsHeader(r.gaps.length));
    for (const g of r.gaps) lines.push(t.gapLine(g));
  }
  return lines.join("\n").trimEnd();
}

/** Adds `cards export` to `program` and `stats` to the `roster` command. */
export function registerCardsCommands(program: Command, roster: Command): void {
  const cards = program.command("cards").description("联系卡");
  cards
    .command("export")
    .description("导出可打印的联系卡（每个在读学生一张，含完整电话）：Excel（每班一个工作表）和 A4 网页")
    .option("--class <name>", "只要这个班（例如 三年级1班）")
    .option("--out <file>", "写到这个文件，按扩展名决定格式：.xlsx 或 .html（默认两种都写到当前文件夹，文件名带日期）")
    .addOption(new Option("--simulator", "use the simulator's database").hideHelp())
    .action(async (opts: DbOptions & { class?: string; out?: string }) => {
      const ext = opts.out ? extensionOf(opts.out) : null;
      if (opts.out && ext !== "xlsx" && ext !== "html") throw new Error(cardsBadExtensionText(opts.out));
      const today = formatDateShanghai(systemClock.now());
      const { list, className } = await withSchoolTx(opts, async (deps, schoolId) => {
        const cls = await resolveClass(deps, schoolId, opts.class);
        return { list: await loadContactCards(deps.db, { schoolId, ...(cls ? { classId: cls.id } : {}) }), className: cls?.name ?? null };
      });
      if (list.length === 0) {
        console.log(cardText.noCards);
        return;
      }
      const base = inCurrentFolder(defaultFileName.cards(today, className));
      const targets = opts.out ? [opts.out] : [`${base}.xlsx`, `${base}.html`];
      for (const file of targets) {
        if (extensionOf(file) === "xlsx") await cardsWorkbook(list, today).xlsx.writeFile(file);
        else writeFileSync(file, cardsHtml(list, today), "utf8");
      }
      console.log(cardsWrittenText(list.length, targets));
    });

  roster
    .command("stats")
    .description("建档率、联系卡完整率、绑定率（全校和各班），以及每个学生缺少的信息")
    .option("--class <name>", "只看这个班")
    .addOption(new Option("--simulator", "use the simulator's database").hideHelp())
    .action(async (opts: DbOptions & { class?: string }) => {
      const today = formatDateShanghai(systemClock.now());
      const text = await withSchoolTx(opts, async (deps, schoolId) => {
        const cls = await resolveClass(deps, schoolId, opts.class);
        const report = await computeCoverage(deps.db, { schoolId, ...(cls ? { classIds: [cls.id] } : {}) });
        return coverageText(report, cls?.name ?? null, today);
      });
      console.log(text);
    });
}
