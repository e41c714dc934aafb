/**
 * Texts about the school calendar (zh-CN) that operators read: HOLIDAYS_FILE errors, the start
 * warning when a year has no holiday data, and `npm run cli -- calendar show|check`.
 */

/** `holidays` / `workdays`, the two lists of a holidays file year. */
type ListKey = "holidays" | "workdays";

const UNREADABLE: Record<string, string> = {
  ENOENT: "文件不存在，请检查路径",
  ENOTDIR: "文件所在的文件夹不存在，请检查路径",
  EACCES: "没有读取权限",
  EPERM: "没有读取权限",
  EISDIR: "这是一个文件夹，不是文件",
};

/** Problems of a HOLIDAYS_FILE, one line each (lib/holidays-file.ts decides when). */
export const holidaysFileText = {
  /** The whole error: the file (named as the HOLIDAYS_FILE setting when `setting`), then each problem on its own line. */
  error: (file: string, problems: readonly string[], setting: boolean) =>
    `节假日文件 ${file}${setting ? "（HOLIDAYS_FILE）" : " "}不能使用，请改正后重试：\n${problems.map((p) => `  · ${p}`).join("\n")}`,
  /** Prefix naming the year object in an array file (index from 1); empty for a single-object file. */
  where: (index: number | null, year: unknown) =>
    index === null ? "" : typeof year === "number" ? `第 ${index} 项（${year} 年）：` : `第 ${index} 项：`,
  unreadable: (code: string) => UNREADABLE[code] ?? `无法读取（${code || "未知错误"}）`,
  notJson: (reason: string, line: number | null, column: number | null) =>
    `不是有效的 JSON${line === null ? "" : `（第 ${line} 行第 ${column} 列附近）`}：${reason}`,
  emptyArray: '文件是空的数组：至少写一年，例如 { "year": 2027, "holidays": { "2027-01-01": "元旦" } }',
  notObject: '应为 { "year": 2027, "holidays": {…}, "workdays": {…} } 这样的对象',
  unknownKeys: (keys: readonly string[]) => `不认识的字段 ${keys.join("、")}（可用的字段：year、source、holidays、workdays）`,
  missing: (field: string) => `缺少 ${field}`,
  badYear: "year 应为 2000 到 2100 之间的整数年份，例如 2027",
  notMap: (field: string) => `${field} 应为 { "日期": "名称" } 这样的对象，例如 { "2027-02-06": "春节" }`,
  badName: (list: string, date: string) => `${list} 里的 ${date}：名称应为文字且不能为空，例如 "春节"`,
  noHolidays: "holidays 里没有日期：每年至少有元旦、春节等假日",
  duplicateYear: (year: number) => `${year} 年写了不止一次：同一年的日期请写在一起`,
  badDate: (list: ListKey, date: string) => `${list} 里的 ${date}：不是有效日期（应写成 YYYY-MM-DD，例如 2027-02-06）`,
  wrongYear: (list: ListKey, date: string, year: number) => `${list} 里的 ${date}：不在 ${year} 年`,
  inBothLists: (date: string) => `${date} 同时写在 holidays（放假）和 workdays（调休上班）里`,
} as const;

/** The law the statutory days come from, as people cite it. */
const LAW = "《全国年节及纪念日放假办法》";

/** Logged at start (one line) when the current or next year (Asia/Shanghai) has no holiday data. */
export function coverageWarningText(missing: readonly number[], currentYear: number): string {
  const years = missing.join("、");
  const when = missing.includes(currentYear) ? "" : "（国务院通常在前一年年底公布）";
  return (
    `缺少 ${years} 年的节假日安排${when}：暂按${LAW}的法定节假日（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节）和周末放假，` +
    `国务院的调休安排（调休上班的周末和连休的日子）不知道，不会被识别。` +
    `安排公布后请升级 chinese-days（npm update chinese-days），或写进 HOLIDAYS_FILE（格式见 README，可用 npm run cli -- calendar check <文件> 检查）。` +
    ` / No holiday arrangement for ${missing.join(", ")}: statutory public holidays and weekends are assumed off, the State Council's adjusted working days are unknown; update chinese-days or add the year to HOLIDAYS_FILE.`
  );
}

/** A day as printed by the calendar commands: `10月1日（周四）`. */
export type DayLabel = string;

/** A run of consecutive days with the same name and source, as `calendar show|check` print it. */
export interface DayRun {
  first: DayLabel;
  last: DayLabel;
  days: number;
  name: string;
  work: boolean;
  /** Tag the run as from HOLIDAYS_FILE (［文件］) or a statutory holiday (［法定］), or null for none. */
  mark: "file" | "statutory" | null;
}

const MARK = { file: "［文件］", statutory: "［法定］" } as const;

const runLine = (r: DayRun) => {
  const span = r.days === 1 ? r.first : `${r.first}至${r.last}`;
  const name = r.work && !r.name.endsWith("调休") ? `${r.name}调休` : r.name;
  return `  ${span} ${name}${r.days > 1 ? `，${r.days} 天` : ""}${r.mark ? MARK[r.mark] : ""}`;
};

/** The holidays and adjusted working days of a period: two lists, or 无. */
function runsText(runs: readonly DayRun[]): string[] {
  const off = runs.filter((r) => !r.work).map(runLine);
  const on = runs.filter((r) => r.work).map(runLine);
  return [`放假：${off.length ? "" : "无"}`, ...off, `调休上班：${on.length ? "" : "无"}`, ...on];
}

/** Where a year's data come from, for `calendar show`; `statutory`: without data, the year has statutory holidays (from 2025). */
export type YearSource = { chineseDays: boolean; file: string | null; statutory: boolean };

/** `calendar show`: title, source, hours, the lists and the number of working days. */
export const calendarShowText = (o: {
  year: number;
  month: number | null;
  source: YearSource;
  dayStart: string;
  dayEnd: string;
  runs: readonly DayRun[];
  workdays: number;
}): string => {
  const period = o.month === null ? `${o.year} 年` : `${o.year} 年 ${o.month} 月`;
  const { chineseDays, file, statutory } = o.source;
  const source =
    chineseDays && file
      ? `chinese-days 内置数据（国务院公布的安排），标［文件］的日子来自 HOLIDAYS_FILE（${file}）`
      : chineseDays
        ? "chinese-days 内置数据（国务院公布的安排）"
        : file
          ? `HOLIDAYS_FILE（${file}）`
          : statutory
            ? `没有 ${o.year} 年的节假日安排：暂按${LAW}的法定节假日（标［法定］）和周末放假，调休安排不知道。安排公布后请升级 chinese-days，或写进 HOLIDAYS_FILE`
            : `没有 ${o.year} 年的节假日数据，只按周一至周五上班计算`;
  return [
    `${period}节假日和调休`,
    `数据来源：${source}`,
    `上班时间：工作日 ${o.dayStart}–${o.dayEnd}（北京时间）`,
    ...runsText(o.runs),
    `${period}共有工作日 ${o.workdays} 天`,
  ].join("\n");
};

/** One year of a file, for `calendar check`. */
export interface CheckedYear {
  year: number;
  inChineseDays: boolean;
  runs: DayRun[];
  /** Days of the year whose working/off answer differs from chinese-days (or statutory holidays and Mon-Fri) alone. */
  changed: number;
  /** `workdays` entries on a Monday-Friday that is a working day anyway (调休 working days are weekend days). */
  plainWeekdays: DayLabel[];
  /** Statutory holidays (a year chinese-days lacks) the file leaves as working days, with their festival. */
  missingStatutory: { day: DayLabel; name: string }[];
}

/**
 * `calendar check`: the file is valid; per year, what it lists, how many answers it changes, and
 * warnings (not errors): a 调休 working day on an ordinary weekday, a statutory holiday left working.
 */
export function calendarCheckText(file: string, years: readonly CheckedYear[]): string {
  const lines = [`节假日文件 ${file} 格式正确，共 ${years.length} 年：`];
  for (const y of years) {
    const base = y.inChineseDays ? "chinese-days 已有这一年的数据，本文件逐日修正" : "chinese-days 没有这一年的数据，由本文件提供";
    lines.push("", `${y.year} 年（${base}）：`, ...runsText(y.runs));
    lines.push(y.changed ? `与不用这个文件相比，有 ${y.changed} 天的上班/放假不同` : "与不用这个文件相比，上班/放假没有变化");
    for (const day of y.plainWeekdays) lines.push(`注意：workdays 里的 ${day} 本来就是工作日（调休上班一般在周六、周日），请核对日期是否写错`);
    for (const m of y.missingStatutory) lines.push(`注意：${m.day} 是法定节假日（${m.name}），文件没有把它写进 holidays，按这个文件要上班，请核对`);
  }
  return lines.join("\n");
}

/** Bad `--year` / `--month` values of `calendar show`. */
export const calendarOptionText = {
  badYear: (v: string) => `年份写错了：${v}（例如 --year 2027）`,
  badMonth: (v: string) => `月份写错了：${v}（例如 --month 2027-02）`,
  mismatch: (year: string, month: string) => `--year ${year} 和 --month ${month} 不是同一年`,
} as const;
