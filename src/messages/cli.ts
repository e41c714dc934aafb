/**
 * Texts a school operator reads in the terminal (zh-CN): setting errors at start, and the
 * operator CLI (`npm run cli`, `npm run seed`). Numbers, paths and URLs stay as they are.
 * Chat texts live in zh.ts.
 */

/** One line per bad setting: `设置错误 OUTBOX_MAX_PER_MINUTE: 应为整数（当前值 "abc"）`. */
export function configProblemText(key: string, reason: string, value: string | undefined): string {
  return `设置错误 ${key}: ${reason}${value === undefined ? "" : `（当前值 "${value}"）`}`;
}

/** Why a setting is refused, by kind of check. */
export const CONFIG_REASON = {
  integer: "应为整数",
  atLeast: (min: number | bigint) => `应为不小于 ${min} 的整数`,
  atMost: (max: number | bigint) => `应为不大于 ${max} 的整数`,
  oneOf: (values: readonly unknown[]) => `应为以下之一：${values.map(String).join("、")}`,
  sqliteUrl: "应以 file: 开头（本版本只支持 SQLite，例如 file:./data/qinqing.db）",
  cronFields: '应为 cron 表达式：5 或 6 个以空格分隔的字段（例如 "17 * * * *"，即每小时第 17 分钟）',
  timeOfDay: "应为 24 小时制时刻 HH:mm（例如 07:30）",
  termDates: "应为以逗号分隔的学期开始日期 MM-DD（例如 03-01,09-01）",
  invalid: "取值无效",
} as const;

/** `migrate` done. */
export const migratedText = (url: string) => `数据库迁移已完成：${url}`;

/** `seed --production`: printed after seeding, because the demo codes are public. */
export const seedProductionWarning = (url: string) =>
  `注意：演示学校已写入正式数据库 ${url}。\n` +
  "演示学校的人都是虚构的，绑定码是公开的（README 里就有），任何人都能用它们绑定身份：只可用于试用。\n" +
  "正式使用前，请删除这个数据库文件，再导入本校花名册。";

/** `seed` into a database that already has a school. */
/** `seed --production --reset` without `--yes`: the production database (all bindings) would be deleted. */
export const productionResetRefusedText = (url: string) =>
  `这会删除正式数据库 ${url}（所有学生、绑定和绑定码）。确认要这样做，请再加 --yes。`;

export const seedSkippedText = (url: string) => `${url} 里已经有学校，没有写入演示数据（要重新开始请加 --reset）`;

/** `seed` done; the table of people and codes follows. */
export const seededText = (url: string, people: number, validThrough: string) =>
  `演示学校已写入 ${url}：${people} 人，每人一个绑定码，有效期至 ${validThrough}`;

/** `codes issue --class` with a class the school does not have. */
export const unknownClassText = (name: string, existing: readonly string[]) =>
  `没有这个班级：${name}。${existing.length ? `现有班级：${existing.join("、")}` : "数据库里还没有班级"}`;

/** `codes issue` on a database with no school yet. */
export const noSchoolText = (url: string) =>
  `${url} 里还没有学校。请先导入本校花名册；只想试用演示学校：npm run seed（写入模拟器数据库），或 npm run seed -- --production（写入这个数据库）`;

/** Column headers of the binding-code sheet (CSV or terminal). */
export const CODE_SHEET_HEADER = ["班级", "学生", "姓名", "关系/角色", "绑定码", "有效期至"] as const;

/** How several classes or children are joined in one cell. */
export const LIST_SEPARATOR = "、";

/** The summary after `codes issue`: how many codes were reused and how many newly issued. */
export function codesSummaryText(o: { reused: number; issued: number; renew: boolean; out?: string }): string {
  const total = o.reused + o.issued;
  const where = o.out ? `已写入 ${o.out}` : "已列出";
  if (total === 0) return "没有需要绑定码的人（已绑定的人不列出；要列出请加 --include-bound）";
  if (o.renew) return `${where} ${total} 个绑定码：全部新发，旧的未用绑定码已作废`;
  return `${where} ${total} 个绑定码：沿用仍有效的 ${o.reused} 个，新发 ${o.issued} 个（要全部换新请加 --renew，旧码会作废）`;
}

/**
 * A file the CLI could not open (ENOENT, EACCES, EISDIR, ENOTDIR from node:fs, with the path Node
 * reports), in Chinese; null for any other error.
 */
export function fileErrorText(err: unknown): string | null {
  const e = err as { code?: unknown; path?: unknown } | null;
  if (!e || typeof e.path !== "string") return null;
  switch (e.code) {
    case "ENOENT":
    case "ENOTDIR":
      return `无法打开文件 ${e.path}：文件或它所在的文件夹不存在，请检查路径`;
    case "EACCES":
    case "EPERM":
      return `无法打开文件 ${e.path}：没有权限，请换一个可以写入的文件夹`;
    case "EISDIR":
      return `${e.path} 是一个文件夹，请给出文件名（例如 ${e.path.replace(/\/$/, "")}/名单.xlsx）`;
    default:
      return null;
  }
}
