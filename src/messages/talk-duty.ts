/**
 * What people read about talk duties (谈心, issue #6 points 3 and 7): the teachers' daily digest,
 * the coordinators' last-working-day and month-close lists, 稍后, 免谈 / 请假 and their
 * approval, and 谈心统计. Dates are Asia/Shanghai calendar dates (`YYYY-MM-DD` in, Chinese out).
 */
import { formatShortZh } from "../lib/time.ts";
import { truncate } from "../lib/text.ts";
import type { TalkCounts, TalkStats } from "../domain/talks/report.ts";

/** Children a teacher's digest lists at most (the numbers `已谈 <编号>` refers to). */
export const DIGEST_MAX_ITEMS = 30;
/** Children a coordinator's list names at most, all classes together. */
export const LIST_MAX_NAMES = 60;
/** Class lines 谈心统计 shows in chat at most. */
export const STATS_MAX_LINES = 40;

/** A period as the messages need it (lib/talk-period.ts TalkPeriod). */
export interface PeriodView {
  kind: "month" | "week";
  firstDay: string;
  lastDay: string;
}

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;
const md = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** `12月18日（周五）` of a `YYYY-MM-DD` date. */
export function dayZh(date: string): string {
  return `${md(date)}（${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}）`;
}

/** `2026年12月` for a month, `12月7日—12月13日这一周` for a week. */
export function periodLabel(p: PeriodView): string {
  return p.kind === "month" ? `${p.firstDay.slice(0, 4)}年${Number(p.firstDay.slice(5, 7))}月` : `${md(p.firstDay)}—${md(p.lastDay)}这一周`;
}

/** `本月` / `本周`. */
export const thisPeriod = (p: PeriodView): string => (p.kind === "month" ? "本月" : "本周");

/** One child of a digest. */
export interface DigestItem {
  name: string;
  className: string;
  done: number;
  required: number;
}

/** The teacher's daily digest (issue #6 point 3). */
export interface DigestView {
  teacherName: string;
  period: PeriodView;
  /** Children listed, numbered from 1, at most {@link DIGEST_MAX_ITEMS}. */
  items: DigestItem[];
  /** Children due beyond the listed ones. */
  more: number;
  /** Days left including today, when the digest says it (month periods from the 20th); else null. */
  daysLeft: number | null;
  /** Today is the period's last working day. */
  lastWorkday: boolean;
  snoozed: number;
  excuseRequested: number;
}

/** The digest text: numbered children, days left, how to log, snooze and excuse. */
export function digestText(v: DigestView): string {
  const word = thisPeriod(v.period);
  const total = v.items.length + v.more;
  const lines = [`【谈心提醒】${v.teacherName}老师，${word}还有 ${total} 名学生待谈心：`];
  v.items.forEach((it, i) => lines.push(`${i + 1}. ${it.name}（${it.className}）${it.required > 1 ? ` 已谈 ${it.done}/${it.required} 次` : ""}`));
  if (v.more > 0) lines.push(`……另有 ${v.more} 名未列出，谈完前面的会陆续列出。`);
  if (v.lastWorkday) lines.push(`今天是${word}最后一个工作日，未谈的学生将报学校负责人。`);
  else if (v.daysLeft !== null) lines.push(`${word}还剩 ${v.daysLeft} 天（到${md(v.period.lastDay)}）。`);
  if (v.snoozed > 0) lines.push(`另有 ${v.snoozed} 名已设置稍后提醒，到期后再列出。`);
  if (v.excuseRequested > 0) lines.push(`另有 ${v.excuseRequested} 名的免谈申请等待负责人审批。`);
  const first = v.items[0]?.name ?? "张小明";
  lines.push(`谈完后发送：谈心 ${first} <谈话内容>，或回复“已谈 1”按编号填写记录。`, `暂缓提醒：稍后 <学生> <天数>；整${v.period.kind === "month" ? "月" : "周"}不在校：免谈 <学生> <原因>`);
  return lines.join("\n");
}

/** One class of a coordinator's list (domain/talks/current.ts ClassGroup). */
export interface ClassGroupView {
  className: string;
  teachers: string;
  children: { name: string; excuseRequested: boolean }[];
}

/** `三年级1班（李春梅）：张小明、李娜（申请免谈）` lines, at most {@link LIST_MAX_NAMES} names in all. */
function classLines(groups: ClassGroupView[]): string[] {
  const lines: string[] = [];
  let shown = 0;
  let left = groups.reduce((n, g) => n + g.children.length, 0);
  for (const g of groups) {
    if (shown >= LIST_MAX_NAMES) break;
    const names = g.children.slice(0, LIST_MAX_NAMES - shown);
    shown += names.length;
    left -= names.length;
    lines.push(`${g.className}${g.teachers ? `（${g.teachers}）` : "（无班主任）"}：${names.map((c) => c.name + (c.excuseRequested ? "（申请免谈）" : "")).join("、")}`);
  }
  if (left > 0) lines.push(`……另有 ${left} 名未列出，发送“谈心统计”查看各班情况。`);
  return lines;
}

/** Coordinators, on the period's last working day: the children still due, by class. */
export function lastWorkdayListText(p: PeriodView, today: string, total: number, groups: ClassGroupView[]): string {
  const word = thisPeriod(p);
  return [`【谈心提醒】今天${dayZh(today)}是${word}最后一个工作日，全校还有 ${total} 名学生${word}未谈心：`, ...classLines(groups), `查看统计：谈心统计`].join("\n");
}

/** Coordinators, after a period ended: the children recorded as missed, by class. */
export function monthCloseText(p: PeriodView & { key: string }, total: number, groups: ClassGroupView[]): string {
  return [`【谈心月结】${periodLabel(p)}的谈心已结束，${total} 名学生没有谈心，已记为“未谈”：`, ...classLines(groups), `查看统计：谈心统计 ${p.kind === "month" ? p.key : ""}`.trimEnd()].join("\n");
}

export const snoozeText = {
  usage: "稍后 <学生> <天数>",
  example: "稍后 张小明 3",
  help: (bad?: string) => `${bad !== undefined ? `“${truncate(bad, 10)}”不是有效的天数。` : ""}用法：稍后 <学生> <天数>，天数是 1 以上的整数，例如：稍后 张小明 3`,
  notInList: (query: string, p: PeriodView) => `“${truncate(query, 20)}”不在您${thisPeriod(p)}待谈心的名单里（可能已谈过、已免谈，或不是您班上的学生）。`,
  done: (name: string, days: number, until: string, p: PeriodView) => `好的，${name} 的谈心提醒推迟 ${days} 天，${dayZh(until)}起重新列入每日提醒。${thisPeriod(p)}的谈心要在${md(p.lastDay)}前完成。`,
  tooLate: (name: string, maxDays: number, p: PeriodView) =>
    maxDays <= 0
      ? `今天是${thisPeriod(p)}最后一天，不能再推迟了。请今天找 ${name} 谈心，整${p.kind === "month" ? "月" : "周"}不在校的请发送：免谈 ${name} <原因>`
      : `不能推迟到${thisPeriod(p)}结束以后（到${md(p.lastDay)}）。最多可以推迟 ${maxDays} 天：稍后 ${name} ${maxDays}`,
};

export const excuseText = {
  usage: "免谈 <学生> <原因>",
  help: (cmd: string) => `请写上学生和原因。用法：${cmd} <学生> <原因>，例如：${cmd} 张小明 随父母外出，整月不在校`,
  notInList: (query: string, p: PeriodView, school: boolean) => `“${truncate(query, 20)}”不在${school ? "全校" : "您"}${thisPeriod(p)}待谈心的名单里（可能已谈过、已免谈，或${school ? "不是在读学生" : "不是您班上的学生"}）。`,
  alreadyRequested: (name: string) => `${name} 的免谈申请已经提交，正在等待负责人审批。`,
  requested: (name: string, reason: string, told: number) =>
    told > 0 ? `已提交 ${name} 的免谈申请（原因：${reason}），等待负责人审批，审批后会通知您。` : `已记录 ${name} 的免谈申请（原因：${reason}），但学校负责人还没有绑定微信，请当面告知负责人审批。`,
  toCoordinator: (teacher: string, name: string, className: string, p: PeriodView, reason: string) =>
    `【免谈申请】${teacher}老师申请 ${name}（${className}）${periodLabel(p)}免谈谈心。\n原因：${reason}\n同意请发送：同意免谈 ${name}\n不同意请发送：不同意免谈 ${name} <原因>`,
  excused: (name: string, className: string, p: PeriodView, reason: string) => `已为 ${name}（${className}）办理${periodLabel(p)}免谈（原因：${reason}），不再计入应谈。`,
  excusedToTeacher: (by: string, name: string, className: string, p: PeriodView, reason: string) =>
    `【免谈】${by}已为 ${name}（${className}）办理${periodLabel(p)}免谈，原因：${reason}。${thisPeriod(p)}不用再找这名学生谈心。`,
  noRequest: (query: string) => `没有“${truncate(query, 20)}”待审批的免谈申请。`,
  approved: (name: string, p: PeriodView, told: boolean) => `已同意 ${name} ${periodLabel(p)}免谈${told ? "，已通知班主任" : ""}。`,
  approvedToTeacher: (by: string, name: string, p: PeriodView) => `【免谈】${by}同意了 ${name} ${periodLabel(p)}的免谈申请，${thisPeriod(p)}不用再找这名学生谈心。`,
  rejected: (name: string, told: boolean) => `已不同意 ${name} 的免谈申请，仍需谈心${told ? "，已通知班主任" : ""}。`,
  rejectedToTeacher: (by: string, name: string, p: PeriodView, reason: string | null) =>
    `【免谈】${by}没有同意 ${name} ${periodLabel(p)}的免谈申请${reason ? `（${reason}）` : ""}，${thisPeriod(p)}仍需完成谈心。`,
};

/** The counts of one line of 谈心统计 (a type-only import: messages/ runs no domain code). */
export type CountsView = TalkCounts;

/** 谈心统计 as a whole. */
export type StatsView = TalkStats;

/** 已谈 ÷ (应谈 − 免谈) as `42.9%`, `—` when nothing is due. */
export function rateText(l: Pick<CountsView, "due" | "done" | "excused">): string {
  const base = l.due - l.excused;
  return base > 0 ? `${((l.done / base) * 100).toFixed(1)}%` : "—";
}

function statsLine(label: string, l: CountsView, closed: boolean, unit = ""): string {
  const open = closed ? "" : `，待谈 ${l.open}${l.snoozed ? `（其中稍后 ${l.snoozed}）` : ""}`;
  return `${label}：应谈 ${l.due}${unit}，已谈 ${l.done}${open}，未谈 ${l.missed}，免谈 ${l.excused}，完成率 ${rateText(l)}`;
}

/** A class as a line label: `三年级1班（李春梅）`. */
export const classLabel = (c: { className: string; teachers: string }): string => `${c.className}（${c.teachers || "无班主任"}）`;
/** A teacher as a line label. */
export const teacherLabel = (t: { teacher: string | null }): string => t.teacher ?? "（无班主任）";

/**
 * 谈心统计: the total, one line per class (at most `maxLines`; the CLI passes Infinity), and one
 * per homeroom teacher when `teachersDiffer` (or always, with `allTeachers`). `scope` is 全校 or
 * 您的班级. `chat: false` (the CLI) leaves out the pointer to `帮助 谈心统计`.
 */
export function statsText(v: StatsView, scope: string, opts: { maxLines?: number; allTeachers?: boolean; chat?: boolean } = {}): string {
  const max = opts.maxLines ?? STATS_MAX_LINES;
  const when = v.closed ? "已结束" : `截至${formatShortZh(v.asOf)}`;
  const lines = [`谈心统计 · ${periodLabel(v.month)} · ${scope}（${when}）`, statsLine("合计", v.total, v.closed, v.perWeek ? " 人次" : " 人")];
  if (v.total.due === 0) lines.push("这个月没有需要谈心的学生。");
  const shown = v.classes.slice(0, max);
  if (shown.length > 0) lines.push("按班级：", ...shown.map((c) => statsLine(classLabel(c), c, v.closed)));
  if (v.classes.length > shown.length) lines.push(`……另有 ${v.classes.length - shown.length} 个班未列出（管理员可用 report talks 导出完整表格）。`);
  if ((v.teachersDiffer || opts.allTeachers) && v.teachers.length > 0) lines.push("按班主任：", ...v.teachers.slice(0, max).map((t) => statsLine(teacherLabel(t), t, v.closed)));
  lines.push(`完成率 = 已谈 ÷（应谈 − 免谈）。${v.perWeek ? "每名学生每周计 1 人次。" : ""}${opts.chat === false ? "" : "说明：帮助 谈心统计"}`.trimEnd());
  return lines.join("\n");
}

export const statsHelp = {
  usage: "谈心统计 [本月|上月|<月份>]",
  badMonth: (text: string) => `看不懂月份“${truncate(text, 12)}”。请写 本月、上月、2026-11 或 11月，例如：谈心统计 上月`,
  future: (label: string) => `${label}还没到，没有统计。`,
  detail:
    "按班级和班主任统计谈心：应谈 = 这个月需要谈心的学生（在读留守儿童，入学当月起）；已谈 = 谈够次数的；待谈 = 还没谈、月份未结束的（含“稍后”暂缓的）；未谈 = 月底仍没谈的；免谈 = 负责人同意免谈的。完成率 = 已谈 ÷（应谈 − 免谈）。不写月份为本月，也可写 上月、2026-11 或 11月。负责人看全校，老师看自己的班级。",
};

/** Column headers of the report workbook (cli/report.ts), class sheet. */
export const STATS_COLUMNS = ["班级", "班主任", "应谈", "已谈", "待谈", "其中稍后", "未谈", "免谈", "完成率"] as const;
/** Column headers of the teacher sheet. */
export const STATS_TEACHER_COLUMNS = ["班主任", "应谈", "已谈", "待谈", "其中稍后", "未谈", "免谈", "完成率"] as const;

export const reportText = {
  badMonth: (text: string) => `--month 看不懂：“${text}”。请写 2026-12 这样的年月。`,
  future: (key: string) => `${key} 还没到，没有统计。`,
  written: (path: string) => `已写入谈心统计表：${path}`,
  badExtension: (path: string) => `不支持的文件类型：${path}。请用 .xlsx（Excel）`,
  sheetClasses: "按班级",
  sheetTeachers: "按班主任",
  total: "合计",
  noTeacher: "（无班主任）",
};
