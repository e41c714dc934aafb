/**
 * Texts of contact cards (联系卡), the coverage figures (建档率, 联系卡完整率, 绑定率) and the
 * printable binding-code sheet (zh-CN): labels of missing fields, CLI output of `cards export`,
 * `roster stats` and `codes sheet`, and the words printed on the HTML and Excel pages.
 */
import type { LeftBehindType } from "../generated/prisma/enums.ts";

/** 父亲 / 母亲, as the registration forms say it. */
export const PARENT_WORD = { FATHER: "父亲", MOTHER: "母亲" } as const;

/**
 * Labels of what a child's file or contact card lacks (domain/completeness.ts decides when).
 * Parent labels use the formal 父亲 / 母亲 of the school's forms.
 */
export const MISSING_LABEL = {
  name: "姓名",
  gender: "性别",
  birthDate: "出生日期",
  homeAddress: "家庭住址",
  anyGuardian: "家长信息",
  caregiver: "监护人",
  caregiverPhone: "监护人电话",
  homeroomTeacher: "班主任",
  parent: (p: "FATHER" | "MOTHER") => `${PARENT_WORD[p]}信息`,
  parentPhone: (p: "FATHER" | "MOTHER") => `${PARENT_WORD[p]}电话`,
  parentWorkCity: (p: "FATHER" | "MOTHER") => `${PARENT_WORD[p]}务工地点`,
} as const;

/** 留守类型 as printed on cards. */
export const LEFT_BEHIND_LABEL: Record<LeftBehindType, string> = {
  FATHER_AWAY: "父亲外出",
  MOTHER_AWAY: "母亲外出",
  BOTH_AWAY: "父母均外出",
  SINGLE_PARENT_AWAY: "单亲外出",
  OTHER: "其他",
};

/** Printed at the top of every card page and sheet: the cards carry phones in full. */
export const CONFIDENTIAL = "内部资料，注意保密";

/** How several values are joined in one cell or line. */
export const JOIN = "、";

/** Words on the printed contact cards (HTML and Excel). */
export const cardText = {
  title: "留守儿童联系卡",
  classTitle: (className: string) => `${className} 留守儿童联系卡`,
  printedOn: (date: string) => `打印日期：${date}`,
  studentNo: "学号",
  homeAddress: "家庭住址",
  homeroomTeacher: "班主任",
  relation: "关系",
  personName: "姓名",
  phone: "电话",
  work: "务工地点/单位",
  note: "备注",
  caregiverNote: "监护人",
  atHome: "在家",
  missing: "待补充",
  none: "无",
  /** `广东省东莞市（东莞电子厂）`; either part may be missing. */
  work2: (city: string | null, employer: string | null) => (city && employer ? `${city}（${employer}）` : (city ?? employer ?? "")),
  /** `张桂兰（奶奶）`. */
  personWithRelation: (name: string, relation: string) => `${name}（${relation}）`,
  noCards: "没有符合条件的在读学生。",
} as const;

/** Column headers of the Excel contact-card list (one row per child), in order. */
export const CARD_COLUMNS = [
  "学号",
  "姓名",
  "性别",
  "留守类型",
  "家庭住址",
  "父亲",
  "父亲电话",
  "父亲务工地点/单位",
  "母亲",
  "母亲电话",
  "母亲务工地点/单位",
  "监护人",
  "监护人电话",
  "其他联系人",
  "班主任",
  "班主任电话",
  "待补充",
] as const;

/** `cards export` done: how many cards, where. */
export function cardsWrittenText(cards: number, files: string[]): string {
  return `已写入 ${cards} 张联系卡：${files.join(JOIN)}（含完整电话，内部资料，注意保密）`;
}

/** `cards export --out` with an extension it cannot write. */
export const cardsBadExtensionText = (file: string) => `不支持的文件类型：${file}。请用 .xlsx（Excel）或 .html（网页，可打印为 A4）`;

/** `codes sheet --out` with an extension other than .html. */
export const codeSheetBadExtensionText = (file: string) => `绑定码打印单只能写成 .html 文件：${file}`;

/** Default file names, written into the current folder. */
export const defaultFileName = {
  cards: (date: string, className: string | null) => `联系卡-${className ? `${className}-` : ""}${date}`,
  codes: (date: string, className: string | null) => `绑定码-${className ? `${className}-` : ""}${date}.html`,
};

/** Words on the printable binding-code sheet. */
export const codeSheetText = {
  title: "家长绑定码",
  classTitle: (className: string, slips: number) => `${className} 家长绑定码（${slips} 张，沿虚线剪开，交给学生带回家）`,
  child: "学生",
  className: "班级",
  person: "家长/监护人",
  relation: "关系",
  code: "绑定码",
  validUntil: "有效期至",
  /** The instruction on every slip. */
  instruction: (code: string) => `添加学校微信，发送「绑定 ${code}」`,
  otherChildren: (list: string) => `另有孩子：${list}`,
  noSlips: "本班家长都已绑定微信，无需发放绑定码。",
  oneUse: "绑定码只能使用一次，请勿转给他人。",
};

/** `codes sheet` done. */
export function codeSheetWrittenText(o: { file: string; classes: number; people: number; reused: number; issued: number }): string {
  if (o.people === 0) return `已写入 ${o.file}：没有需要绑定码的家长（已绑定的不列出）`;
  return `已写入 ${o.file}：${o.classes} 个班，${o.people} 位家长和监护人的绑定码（沿用仍有效的 ${o.reused} 个，新发 ${o.issued} 个）`;
}

/** Text of `roster stats`. */
export const statsText = {
  title: (scope: string | null, date: string) => `${scope ? `${scope} ` : ""}留守儿童建档情况（${date}）`,
  children: (n: number) => `在读留守儿童：${n} 人`,
  noChildren: "没有在读的留守儿童，以下比率都按 0 计。",
  fileRate: (rate: string, done: number, total: number) => `建档率：${rate}（${total} 人中 ${done} 人档案完整）`,
  cardRate: (rate: string, done: number, total: number) => `联系卡完整率：${rate}（${total} 人中 ${done} 人）`,
  bindingRate: (rate: string, bound: number, total: number) => `绑定率：${rate}（家长和监护人 ${total} 人中 ${bound} 人已绑定微信）`,
  classesHeader: "各班情况：",
  classLine: (c: { className: string; children: number; withFile: number; fileRate: string; cardComplete: number; cardRate: string; guardians: number; guardiansBound: number; bindingRate: string }) =>
    c.children === 0
      ? `· ${c.className}：没有在读的留守儿童`
      : `· ${c.className}：${c.children} 人，建档 ${c.withFile} 人（${c.fileRate}），联系卡完整 ${c.cardComplete} 人（${c.cardRate}），绑定 ${c.guardiansBound}/${c.guardians}（${c.bindingRate}）`,
  gapsHeader: (n: number) => `缺少信息的学生（${n} 人）：`,
  gapLine: (g: { className: string; studentNo: string | null; name: string; missing: string[] }) =>
    `· ${g.className} ${g.studentNo ? `${g.studentNo} ` : ""}${g.name}：缺${g.missing.join(JOIN)}`,
  noGaps: "所有学生的档案和联系卡都已完整。",
};
