/**
 * Texts of `roster import` and `roster export` (zh-CN): why a cell or a row is refused, why a
 * whole file is refused, the import report and the CLI lines. Problem lines read
 * `第R行 [列名] 原因`.
 */
import type { PhoneProblem } from "../lib/phone.ts";

/** Words the roster texts put together. */
export const ROSTER_WORD = {
  father: "父亲",
  mother: "母亲",
  caregiver: "监护人",
  /** 在校状态 that needs no reason of its own (辍学, 休学... are kept as the reason). */
  exited: "离校",
  empty: "（空）",
} as const;

/** Why one cell or row is refused (the `原因` of a problem line). */
export const ROSTER_PROBLEM = {
  badDate: (text: string) => `日期看不懂：${text}（可写成 2015-06-08、2015/6/8、2015.06 或 2015年6月8日）`,
  ambiguousMonth: (text: string) => `${text} 看不出是 1 月还是 10 月（Excel 把 2015.10 存成了 2015.1）：请写成 2015-01 或 2015-10`,
  futureDate: (text: string) => `出生日期在今天之后：${text}`,
  phone(text: string, problem: PhoneProblem): string {
    switch (problem) {
      case "NOT_DIGITS":
        return `电话号码里有数字以外的字符：${text}`;
      case "BAD_MOBILE":
        return `手机号码位数不对：${text}（手机号是 1 开头的 11 位数字）`;
      case "BAD_LANDLINE":
        return `座机号码不对：${text}（应为区号加 7 到 8 位号码，例如 0566-8125908）`;
      default:
        return `电话号码不对：${text}（手机号是 1 开头的 11 位数字；座机要带区号）`;
    }
  },
  idAsNumber: (text: string) => `身份证号被 Excel 存成了数字（${text}），后几位已经丢失：请把这一列设为“文本”后重新填写`,
  badIdNumber: (text: string) => `身份证号不对：${text}（应为 18 位，最后一位可以是 X）`,
  idChecksum: (text: string) => `身份证号校验位不对：${text}，请核对`,
  gender: (text: string) => `性别应为“男”或“女”：${text}`,
  unknownWord: (text: string, allowed: readonly string[]) => `看不懂“${text}”，可填：${allowed.join("、")}`,
  age: (text: string) => `年龄应为 0 到 120 的整数：${text}`,
  birthYear: (text: string) => `出生年份不对：${text}（例如 1985）`,
  nameMissing: "姓名为空",
  personNameMissing: (who: string) => `填了${who}的其他信息，但没有${who}姓名`,
  classMissing: "新学生必须填写班级",
  typeMissing: "新学生必须填写留守类型",
  unknownClass: (name: string) => `班级不存在：${name}；加 --create-classes 可新建`,
  duplicateNo: (no: string, row: number) => `学号 ${no} 与第${row}行重复`,
  duplicateChild: (row: number) => `与第${row}行是同一名学生（姓名、班级、出生日期都相同）；请填写学号区分`,
  numberNameMismatch: (no: string, storedName: string) => `学号 ${no} 在系统里是“${storedName}”，与这一行的姓名不一致`,
  ambiguousChild: (count: number) => `系统里这个班有 ${count} 名同名学生：请填写学号区分`,
  sameChildTwice: (row: number) => `与第${row}行是系统里的同一名学生`,
  caregiverParentMismatch: (parent: string, parentName: string) => `与学生关系是${parent}，但监护人姓名与${parent}姓名“${parentName}”不同`,
  guardianConflict: (row: number, who: string, column: string) => `与第${row}行的${who}是同一人，但“${column}”不同：请两行填写一致`,
  /** A warning, not a refusal: the caregiver is a parent whose two phone cells differ. */
  caregiverPhoneDiffers: (parent: string) => `监护人就是${parent}，但电话与${parent}联系电话不同：保留了${parent}联系电话`,
} as const;

/** What each changed field is called in the report (student fields use their column's header). */
export const GUARDIAN_FIELD_WORD = {
  name: "姓名",
  relation: "与学生关系",
  isCaregiver: "是否监护人",
  workCity: "务工地点",
  employer: "务工单位",
  phone: "联系电话",
  birthYear: "出生年份",
  age: "年龄",
  occupation: "职业",
  address: "住址",
  health: "身体状况",
} as const;

/** Why a whole file is refused (RosterError codes of domain/roster/types.ts). */
export function rosterErrorText(code: string, d: Record<string, string | number>): string {
  switch (code) {
    case "NOT_FOUND":
      return `找不到文件：${d.path}`;
    case "TOO_LARGE":
      return `文件太大：${d.fileName} 有 ${d.sizeMb} MB，上限是 ${d.limitMb} MB（设置 ROSTER_MAX_FILE_MB）。请只保留花名册这一张表，删去图片后再导入`;
    case "WRONG_TYPE":
      return `只能导入 Excel（.xlsx）或 CSV 文件：${d.fileName}${d.ext ? `（${d.ext}）` : "（没有扩展名）"}`;
    case "OLD_XLS":
      return `${d.fileName} 是旧版 Excel（.xls）或设了密码的文件：请在 Excel 里“另存为” .xlsx（不设密码）后再导入`;
    case "NOT_XLSX":
      return `${d.fileName} 的内容不是 Excel（.xlsx）文件（可能只是改了扩展名）：请在 Excel 里“另存为” .xlsx 后再导入`;
    case "NOT_CSV":
      return `${d.fileName} 的内容不是 CSV 文本（可能是 Excel 文件改了扩展名）：请用 .xlsx 扩展名，或在 Excel 里“另存为” CSV`;
    case "UNREADABLE":
      return `无法读取 Excel 文件 ${d.fileName}：${d.reason}`;
    case "EMPTY":
      return `${d.fileName} 是空的：没有任何数据`;
    case "NO_HEADER":
      return `${d.fileName} 里没有找到表头：前 20 行里没有一行同时有“姓名”和“班级”“学号”“性别”等列名`;
    case "NO_SCHOOL":
      return "数据库里还没有学校：第一次导入请加 --school <学校名称>（并加 --create-classes 新建名单里的班级）";
    default:
      return code;
  }
}

/** One child in a report line: `胡天佑（学号 20260302）`. */
export const childLabel = (name: string, studentNo: string | null) => (studentNo ? `${name}（学号 ${studentNo}）` : name);

/** What the import report shows; built by domain/roster/plan.ts. */
export interface RosterReportView {
  fileName: string;
  sheetName: string | null;
  headerRow: number;
  dataRows: number;
  unknownColumns: string[];
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  updates: { row: number; name: string; studentNo: string | null; changes: { column: string; from: string; to: string }[] }[];
  problems: { row: number; column: string; reason: string }[];
  warnings: { row: number; column: string; reason: string }[];
  newClasses: string[];
  missing: { name: string; studentNo: string | null; className: string }[];
  dryRun: boolean;
  acceptPartial: boolean;
  /** True when the database was changed. */
  written: boolean;
}

/** At most this many update lines and missing names are listed. */
const LIST_LIMIT = 200;
/** Children not on the file listed by name; a one-class file would otherwise list the whole school. */
const MISSING_LIMIT = 20;

/**
 * The import report: source, counts (新增, 更新, 未变, 有问题), each update with its fields
 * (old -> new, phones masked), each problem as `第R行 [列名] 原因`, classes to create, warnings,
 * children not on the list, and what happened to the database.
 */
export function rosterReportText(r: RosterReportView): string {
  const lines: string[] = [];
  lines.push(`文件 ${r.fileName}${r.sheetName ? `，工作表“${r.sheetName}”` : ""}，表头在第${r.headerRow}行，学生 ${r.dataRows} 行`);
  if (r.unknownColumns.length) lines.push(`没有导入的列：${r.unknownColumns.join("、")}`);
  lines.push(`新增 ${r.added}，更新 ${r.updated}，未变 ${r.unchanged}，有问题 ${r.rejected}`);
  if (r.updates.length) {
    lines.push("更新：");
    for (const u of r.updates.slice(0, LIST_LIMIT)) {
      lines.push(`  第${u.row}行 ${childLabel(u.name, u.studentNo)}：${u.changes.map((c) => `${c.column} ${c.from} → ${c.to}`).join("；")}`);
    }
    if (r.updates.length > LIST_LIMIT) lines.push(`  ……另有 ${r.updates.length - LIST_LIMIT} 人`);
  }
  if (r.problems.length) {
    lines.push("有问题的行：");
    // The same reason in the same column on many rows (a class missing from the database) is one line.
    const groups = new Map<string, { column: string; reason: string; rows: number[] }>();
    for (const p of r.problems) {
      const key = `${p.column}\u0000${p.reason}`;
      const g = groups.get(key) ?? { column: p.column, reason: p.reason, rows: [] };
      g.rows.push(p.row);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const rows = g.rows.length > 10 ? `${g.rows.slice(0, 10).join("、")}等共 ${g.rows.length} ` : g.rows.join("、");
      lines.push(`  第${rows}行 [${g.column}] ${g.reason}`);
    }
  }
  if (r.newClasses.length) lines.push(`${r.dryRun ? "将新建" : "新建"}班级：${r.newClasses.join("、")}`);
  if (r.warnings.length) {
    lines.push("提示：");
    for (const p of r.warnings) lines.push(`  第${p.row}行 [${p.column}] ${p.reason}`);
  }
  const missing = r.missing.slice(0, MISSING_LIMIT).map((m) => `${m.className} ${childLabel(m.name, m.studentNo)}`);
  lines.push(`名单上没有的在读学生 ${r.missing.length}${missing.length ? `：${missing.join("、")}${r.missing.length > MISSING_LIMIT ? ` 等 ${r.missing.length} 人（roster export 可导出全部名单）` : ""}（没有删除；转学、毕业请另行登记）` : ""}`);
  if (r.dryRun) {
    lines.push("这是试运行，数据库没有改动");
    if (r.rejected && !r.acceptPartial) lines.push("正式导入前请先改正有问题的行，或加 --accept-partial 只导入没有问题的行");
  } else if (r.rejected && !r.acceptPartial) {
    lines.push(`有 ${r.rejected} 行有问题，数据库没有改动：请改正后重新导入，或加 --accept-partial 只导入没有问题的行`);
  } else if (r.written) {
    lines.push(r.rejected ? `已写入数据库；有问题的 ${r.rejected} 行没有导入` : "已写入数据库");
  } else {
    lines.push("没有需要写入的改动");
  }
  return lines.join("\n");
}

/** `roster export` done. */
export const rosterExportedText = (file: string, children: number) => `已导出 ${children} 名学生到 ${file}`;

/** `roster` CLI help and lines. */
export const ROSTER_CLI = {
  roster: "留守儿童花名册：导入、导出",
  import: "导入花名册（.xlsx 或 .csv）：按学号合并，只更新有变化的字段，空白格不清除已有信息；有一行有问题就什么都不写入（除非 --accept-partial）",
  fileArg: "花名册文件（.xlsx 或 .csv）",
  dryRun: "试运行：只核对并报告，不改动数据库",
  acceptPartial: "有问题的行跳过，其余没有问题的行照常导入",
  createClasses: "名单里的班级在数据库里没有时，新建这个班级",
  school: "数据库里还没有学校时（第一次导入），用这个名称新建学校",
  progress: "总是显示进度条（默认只在终端里、超过 300 行时显示）",
  export: "把花名册导出成 Excel（与导入的格式相同，可改好后再导入）",
  out: "写到这个 .xlsx 文件（默认：当前文件夹里的 留守儿童花名册-日期.xlsx）",
  className: "只导出这个班（例如 三年级1班）",
  all: "也导出已转出、毕业、离校的学生",
  defaultFile: (date: string, className: string | null) => `留守儿童花名册-${className ? `${className}-` : ""}${date}.xlsx`,
  badExtension: (file: string) => `导出的花名册只能是 .xlsx 文件：${file}`,
} as const;

/** Progress bar captions (stderr). */
export const ROSTER_PROGRESS = {
  check: "核对",
  write: "写入",
} as const;

/** Title row of an exported roster. */
export const rosterTitleText = (school: string, date: string) => `${school}留守儿童花名册（${date} 导出）`;

/** Name of the exported sheet. */
export const ROSTER_SHEET_NAME = "留守儿童花名册";
