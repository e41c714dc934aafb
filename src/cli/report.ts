/**
 * `report talks`: the talk compliance of one month (issue #6 point 7), the same figures as
 * `谈心统计` in chat, as text on stdout and optionally an Excel workbook (one sheet per class,
 * one per homeroom teacher).
 */
import ExcelJS from "exceljs";
import { Option, type Command } from "commander";
import { talkStats, type TalkCounts, type TalkStats } from "../domain/talks/report.ts";
import { systemClock } from "../lib/clock.ts";
import { monthKeyFromText, periodOf } from "../lib/talk-period.ts";
import { shanghaiDateOf } from "../lib/work-calendar.ts";
import { formatShortZh } from "../lib/time.ts";
import { STATS_COLUMNS, STATS_TEACHER_COLUMNS, periodLabel, rateText, reportText, statsText, teacherLabel } from "../messages/talk-duty.ts";
import { extensionOf } from "./print.ts";
import { withSchoolTx, type DbOptions } from "./context.ts";

/** The numbers of one line in sheet column order (after the name columns). */
function countCells(c: TalkCounts, closed: boolean): (number | string)[] {
  return [c.due, c.done, closed ? 0 : c.open, closed ? 0 : c.snoozed, c.missed, c.excused, rateText(c)];
}

/** Adds a sheet: a title row, the header, the rows, a 合计 row, borders, widths, header repeated when printed. */
function addSheet(wb: ExcelJS.Workbook, name: string, title: string, header: readonly string[], rows: (string | number)[][], total: (string | number)[]): void {
  const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "2:2" } });
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: "center" };
  ws.addRow([...header]).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.addRow(total).font = { bold: true };
  const border: Partial<ExcelJS.Borders> = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
  for (let r = 2; r <= ws.rowCount; r++) for (let i = 1; i <= header.length; i++) ws.getRow(r).getCell(i).border = border;
  ws.columns.forEach((col, i) => (col.width = i < header.length - 7 ? 16 : 10));
}

/**
 * The month's figures as a workbook: sheet 按班级 (班级, 班主任, 应谈, 已谈, 待谈, 其中稍后, 未谈,
 * 免谈, 完成率) and sheet 按班主任 (the same by teacher), each with a 合计 row. Counts of a closed
 * month have no open or snoozed children.
 */
export function talkStatsWorkbook(s: TalkStats): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "亲情桥";
  const title = `谈心统计 ${periodLabel(s.month)}（${s.closed ? "已结束" : `截至${formatShortZh(s.asOf)}`}）`;
  const total = countCells(s.total, s.closed);
  addSheet(wb, reportText.sheetClasses, title, STATS_COLUMNS, s.classes.map((c) => [c.className, c.teachers || reportText.noTeacher, ...countCells(c, s.closed)]), [reportText.total, "", ...total]);
  addSheet(wb, reportText.sheetTeachers, title, STATS_TEACHER_COLUMNS, s.teachers.map((t) => [teacherLabel(t), ...countCells(t, s.closed)]), [reportText.total, ...total]);
  return wb;
}

/**
 * The month `text` names (`2026-12`, also `本月`, `上月`, `11月`), seen from today in Asia/Shanghai;
 * default the current month. Throws Error with a Chinese text for no month or a future one.
 */
export function reportMonth(text: string | undefined, now: Date): string {
  const key = monthKeyFromText(text ?? "", shanghaiDateOf(now));
  if (!key) throw new Error(reportText.badMonth(text ?? ""));
  if (key > periodOf("month", now).key) throw new Error(reportText.future(key));
  return key;
}

/** Adds `report talks` to `program`. */
export function registerReportCommands(program: Command): void {
  const report = program.command("report").description("统计报表");
  report
    .command("talks")
    .description("谈心统计：按班级和班主任的应谈、已谈、待谈、未谈、免谈和完成率（完成率 = 已谈 ÷（应谈 − 免谈））")
    .option("--month <YYYY-MM>", "月份，例如 2026-12（默认本月）")
    .option("--out <file>", "同时写一个 Excel 文件（.xlsx）")
    .addOption(new Option("--simulator", "use the simulator's database").hideHelp())
    .action(async (opts: DbOptions & { month?: string; out?: string }) => {
      const monthKey = reportMonth(opts.month, systemClock.now());
      if (opts.out && extensionOf(opts.out) !== "xlsx") throw new Error(reportText.badExtension(opts.out));
      const stats = await withSchoolTx(opts, (deps, schoolId) => talkStats(deps, { schoolId, monthKey }));
      console.log(statsText(stats, "全校", { maxLines: Infinity, allTeachers: true, chat: false }));
      if (opts.out) {
        await talkStatsWorkbook(stats).xlsx.writeFile(opts.out);
        console.log(reportText.written(opts.out));
      }
    });
}
