/**
 * The roster's columns (issue #3): one key per field, its canonical header, and the other names
 * schools write for it. Canonical order = the school layout of shared/samples/roster-school.csv,
 * then the extra fields of the national 2016 registration form (农村留守儿童基本情况登记表).
 * `roster export` writes exactly these headers in this order; `roster import` accepts any alias.
 */

/** Every field a roster row can carry. */
export type FieldKey =
  | "seq"
  | "className"
  | "studentNo"
  | "name"
  | "gender"
  | "birthDate"
  | "leftBehindType"
  | "homeAddress"
  | "fatherName"
  | "fatherWorkCity"
  | "fatherEmployer"
  | "fatherPhone"
  | "motherName"
  | "motherWorkCity"
  | "motherEmployer"
  | "motherPhone"
  | "caregiverName"
  | "caregiverRelation"
  | "caregiverAge"
  | "caregiverOccupation"
  | "caregiverPhone"
  | "caregiverHealth"
  | "health"
  | "notes"
  | "ethnicity"
  | "idNumber"
  | "boarding"
  | "guardianship"
  | "priorityCare"
  | "incomeSources"
  | "aidReceived"
  | "fatherBirthYear"
  | "motherBirthYear"
  | "caregiverAddress"
  | "status"
  | "statusReason"
  | "statusDate"
  | "admittedAt";

/** One column: key, the header `roster export` writes, and further names accepted on import. */
export interface ColumnSpec {
  key: FieldKey;
  header: string;
  aliases: readonly string[];
}

/** Names of a parent's columns, the same for 父亲 and 母亲 (prefixed). */
const parentAliases = (p: "父亲" | "母亲") => ({
  name: [`${p}姓名`, `${p}名字`],
  workCity: [`${p}务工地址`, `${p}外出务工地点`, `${p}外出务工地址`, `${p}务工地`, `${p}工作地点`, `${p}打工地点`, `${p}务工所在地`, `${p}外出地点`, `${p}务工省市`],
  employer: [`${p}工作单位`, `${p}单位`, `${p}务工单位名称`, `${p}工作单位名称`],
  phone: [`${p}电话`, `${p}手机`, `${p}手机号`, `${p}手机号码`, `${p}联系方式`, `${p}电话号码`, `${p}联系号码`],
  birthYear: [`${p}出生年`, `${p}出生年月`, `${p}出生日期`, `${p}出生年度`],
});
const F = parentAliases("父亲");
const M = parentAliases("母亲");

/** Every column in export order. Aliases are compared after {@link headerKey} folding. */
export const COLUMNS: readonly ColumnSpec[] = [
  { key: "seq", header: "序号", aliases: ["编号", "序"] },
  { key: "className", header: "班级", aliases: ["所在班级", "就读班级", "年级班级", "班别", "年级及班级", "就读年级班级"] },
  { key: "studentNo", header: "学号", aliases: ["学生学号", "学籍号", "学生学籍号", "学籍辅号", "全国学籍号"] },
  { key: "name", header: "姓名", aliases: ["学生姓名", "儿童姓名", "留守儿童姓名", "学生名字"] },
  { key: "gender", header: "性别", aliases: ["学生性别", "儿童性别"] },
  { key: "birthDate", header: "出生日期", aliases: ["出生年月", "出生年月日", "生日", "出生时间", "出生日期年月日"] },
  { key: "leftBehindType", header: "留守类型", aliases: ["留守情况", "留守儿童类型", "留守儿童类别", "留守类别", "外出务工情况", "父母外出情况"] },
  { key: "homeAddress", header: "家庭详细住址", aliases: ["家庭住址", "家庭地址", "家庭详细地址", "住址", "现住址", "居住地址", "户籍地址", "家庭住址详细", "现居住地址"] },
  { key: "fatherName", header: "父亲姓名", aliases: F.name },
  { key: "fatherWorkCity", header: "父亲务工地点", aliases: F.workCity },
  { key: "fatherEmployer", header: "父亲务工单位", aliases: F.employer },
  { key: "fatherPhone", header: "父亲联系电话", aliases: F.phone },
  { key: "motherName", header: "母亲姓名", aliases: M.name },
  { key: "motherWorkCity", header: "母亲务工地点", aliases: M.workCity },
  { key: "motherEmployer", header: "母亲务工单位", aliases: M.employer },
  { key: "motherPhone", header: "母亲联系电话", aliases: M.phone },
  { key: "caregiverName", header: "监护人姓名", aliases: ["委托监护人姓名", "实际监护人姓名", "监护人", "委托监护人", "代理监护人姓名", "临时监护人姓名"] },
  {
    key: "caregiverRelation",
    header: "与学生关系",
    aliases: ["与儿童关系", "与孩子关系", "与学生的关系", "与儿童的关系", "监护人与学生关系", "监护人与儿童关系", "委托监护人与儿童关系", "委托监护人与学生关系", "监护人关系", "与留守儿童关系", "监护人与学生的关系"],
  },
  { key: "caregiverAge", header: "监护人年龄", aliases: ["委托监护人年龄", "实际监护人年龄"] },
  { key: "caregiverOccupation", header: "监护人职业", aliases: ["委托监护人职业", "监护人工作"] },
  { key: "caregiverPhone", header: "监护人联系电话", aliases: ["监护人电话", "监护人手机", "监护人手机号", "监护人联系方式", "委托监护人联系电话", "委托监护人电话", "实际监护人联系电话"] },
  { key: "caregiverHealth", header: "监护人身体状况", aliases: ["监护人健康状况", "委托监护人健康状况", "委托监护人身体状况", "监护人身体情况"] },
  { key: "health", header: "学生身体状况", aliases: ["健康状况", "身体状况", "学生健康状况", "儿童健康状况", "儿童身体状况", "身体健康状况"] },
  { key: "notes", header: "备注", aliases: ["其他情况", "备注说明"] },
  { key: "ethnicity", header: "民族", aliases: ["学生民族", "儿童民族"] },
  { key: "idNumber", header: "身份证号", aliases: ["身份证号码", "公民身份号码", "学生身份证号", "儿童身份证号", "学生身份证号码", "儿童身份证号码", "身份证"] },
  { key: "boarding", header: "是否寄宿", aliases: ["寄宿", "是否住校", "住校", "寄宿生", "是否寄宿生"] },
  { key: "guardianship", header: "监护情况评估", aliases: ["监护情况", "监护状况", "监护评估", "监护情况评价", "监护能力评估"] },
  { key: "priorityCare", header: "重点帮扶", aliases: ["是否重点帮扶", "重点帮扶对象", "是否重点关爱", "重点关爱", "是否重点帮扶对象"] },
  { key: "incomeSources", header: "家庭收入来源", aliases: ["家庭经济来源", "主要收入来源", "收入来源", "家庭主要收入来源"] },
  { key: "aidReceived", header: "享受救助情况", aliases: ["救助情况", "享受救助", "享受政策情况", "享受帮扶政策", "救助帮扶情况", "享受救助政策情况"] },
  { key: "fatherBirthYear", header: "父亲出生年份", aliases: F.birthYear },
  { key: "motherBirthYear", header: "母亲出生年份", aliases: M.birthYear },
  { key: "caregiverAddress", header: "监护人住址", aliases: ["监护人地址", "监护人家庭住址", "委托监护人住址", "委托监护人地址", "监护人居住地址"] },
  { key: "status", header: "在校状态", aliases: ["学籍状态", "就读状态", "在读状态", "状态"] },
  { key: "statusReason", header: "状态变动原因", aliases: ["变动原因", "离校原因", "转出原因"] },
  { key: "statusDate", header: "状态变动日期", aliases: ["变动日期", "离校日期", "转出日期"] },
  // Admission (入学/转入) decides the child's first talk period (issue #6); empty = the file's creation.
  { key: "admittedAt", header: "入学日期", aliases: ["入校日期", "转入日期", "入学时间", "入校时间", "转入时间"] },
];

/** Canonical header of each field. */
export const HEADER: Record<FieldKey, string> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header])) as Record<FieldKey, string>;

/**
 * Folds a header cell for matching: full-width to half-width (NFKC), no white space, no
 * parenthesised hints (`（必填）`, `(年月日)`, `【选填】`), no `*` marks, no trailing colon.
 * `父亲联系电话（必填）*` -> `父亲联系电话`.
 */
export function headerKey(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[(\[【〔][^)\]】〕]*[)\]】〕]/g, "")
    .replace(/[\s*＊※:：]/g, "");
}

/** Folded header or alias -> field. */
const BY_NAME: ReadonlyMap<string, FieldKey> = new Map(COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((n) => [headerKey(n), c.key] as const)));

/** The field a header cell names, or null. */
export function fieldOfHeader(text: string): FieldKey | null {
  return BY_NAME.get(headerKey(text)) ?? null;
}

/**
 * Group headers of two-row layouts (a merged `父亲情况` over `姓名 | 联系电话 | 务工地点`): the
 * prefix that turns a sub-header into a full column name, or null.
 */
export function groupPrefix(text: string): string | null {
  const k = headerKey(text).replace(/(基本)?(情况|信息|资料)$/, "");
  if (k === "父亲" || k === "父") return "父亲";
  if (k === "母亲" || k === "母") return "母亲";
  if (/^(委托|实际|代理|临时)?监护人$/.test(k)) return "监护人";
  return null;
}
