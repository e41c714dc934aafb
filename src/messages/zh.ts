/**
 * Every text a person reads in chat (zh-CN), as template functions. Nothing else in src/
 * writes Chinese for users. Dates are shown in Asia/Shanghai (lib/time.ts).
 */
import type { CoverageReport } from "../domain/coverage.ts";
import type { ContactCard } from "../domain/cards.ts";
import type { GuardianRelation, GuardianshipLevel, HealthStatus, LeftBehindType, StaffRole, StudentStatus } from "../generated/prisma/enums.ts";
import { dayjs, formatDateZh, formatShortZh, formatDateShanghai, SCHOOL_TZ } from "../lib/time.ts";
import { truncate, charLength } from "../lib/text.ts";
import { maskPhoneMiddle } from "../lib/mask.ts";
import { JOIN, LEFT_BEHIND_LABEL, PARENT_WORD, cardText, statsText } from "./cards.ts";

/** How a guardian's relation to the child is said (the child's point of view). */
export const RELATION_LABEL: Record<GuardianRelation, string> = {
  FATHER: "爸爸",
  MOTHER: "妈妈",
  GRANDFATHER: "爷爷",
  GRANDMOTHER: "奶奶",
  MATERNAL_GRANDFATHER: "外公",
  MATERNAL_GRANDMOTHER: "外婆",
  UNCLE: "叔叔/舅舅",
  AUNT: "姑姑/阿姨",
  SIBLING: "哥哥/姐姐",
  OTHER: "亲属",
};

/** Relation words people type after a child's name (`张小明妈妈`), longest first. */
export const RELATION_WORDS: Record<string, GuardianRelation[]> = {
  妈妈: ["MOTHER"],
  母亲: ["MOTHER"],
  爸爸: ["FATHER"],
  父亲: ["FATHER"],
  爷爷: ["GRANDFATHER"],
  奶奶: ["GRANDMOTHER"],
  外公: ["MATERNAL_GRANDFATHER"],
  姥爷: ["MATERNAL_GRANDFATHER"],
  外婆: ["MATERNAL_GRANDMOTHER"],
  姥姥: ["MATERNAL_GRANDMOTHER"],
  家长: ["FATHER", "MOTHER", "GRANDFATHER", "GRANDMOTHER", "MATERNAL_GRANDFATHER", "MATERNAL_GRANDMOTHER", "UNCLE", "AUNT", "SIBLING", "OTHER"],
};

export const STAFF_ROLE_LABEL: Record<StaffRole, string> = {
  TEACHER: "老师",
  COORDINATOR: "留守儿童工作负责人",
  ADMIN: "管理员",
};

const EXAMPLE_CODE = "ABCD2345";

/** For contacts with no binding: what the bot is and how to bind. Mentions no child. */
export function bindingInstructionsText(): string {
  return [
    "您好！这里是学校的“亲情桥”家校助手。",
    `请先绑定身份：发送“绑定 + 绑定码”，例如：绑定 ${EXAMPLE_CODE}`,
    "绑定码在学校发给您的联系卡上；没有或丢失的，请联系班主任领取。",
    "发送“帮助”可查看使用说明。",
  ].join("\n");
}

/** Greeting after a friend request is accepted. */
export function friendGreetingText(): string {
  return `欢迎添加“亲情桥”家校助手！\n${bindingInstructionsText().split("\n").slice(1).join("\n")}`;
}

function describeTarget(t: { kind: "guardian"; name: string; relation: GuardianRelation; children: { name: string; className: string }[] } | { kind: "staff"; name: string; role: StaffRole }): string {
  if (t.kind === "staff") return `${t.name}（${STAFF_ROLE_LABEL[t.role]}）`;
  const kids = t.children.map((c) => `${c.className} ${c.name}`).join("、");
  return kids ? `${t.name}，${kids}的${RELATION_LABEL[t.relation]}` : t.name;
}

export const bindText = {
  bound(t: Parameters<typeof describeTarget>[0]): string {
    const tail = "发送“帮助”查看您可以使用的功能。";
    return `绑定成功！您是：${describeTarget(t)}。\n${tail}`;
  },
  alreadyBound(t: Parameters<typeof describeTarget>[0]): string {
    return `您已经绑定过了：${describeTarget(t)}。无需重复绑定。`;
  },
  wrongCode(triesLeft: number): string {
    return `绑定码不正确，请核对后重新发送（例如：绑定 ${EXAMPLE_CODE}，共 8 位字母和数字，不区分大小写）。\n再错 ${triesLeft} 次将暂停绑定一小时。`;
  },
  locked(until: Date): string {
    return `绑定码输错次数过多，为保护孩子信息，绑定已暂停，请在 ${formatShortZh(until)} 之后再试。如有疑问请联系班主任。`;
  },
  used: "这个绑定码已经被使用过了。如果不是您本人绑定的，请立即联系班主任重新领取绑定码。",
  expired: "这个绑定码已过期，请联系班主任重新领取。",
  revoked: "这个绑定码已作废（学校已为您发放了新的绑定码），请使用最新的绑定码，或联系班主任。",
  exposed: "这个绑定码曾在群里公开，为保护孩子信息已作废。请联系班主任重新领取，并私聊我发送。",
  choiceGone: "这个选择已经失效（您的老师身份已不在这个微信上）。",
  missingCode: `请在“绑定”后面加上绑定码，例如：绑定 ${EXAMPLE_CODE}`,
  notInGroup: "为保护孩子信息，请不要在群里绑定。请私聊我发送“绑定 + 绑定码”。",
  alsoBound(count: number): string {
    return `提示：这个微信现在同时绑定了 ${count} 个身份，发送“我是谁”查看。`;
  },
  exposedInGroup: "这个绑定码已在群里公开，为保护孩子信息已作废。请联系班主任重新领取，并私聊我发送。",
};

/** Told to the old WeChat contact when the record is bound from a new one (new phone). */
export function bindingDisplacedText(name: string): string {
  return `提示：“${name}”的身份已在另一个微信上重新绑定，本微信已解除绑定。如果不是您本人操作，请尽快联系班主任。`;
}

export function whoAmIText(input: {
  staff: { name: string; role: StaffRole; homeroomClasses: string[]; teachingClasses: string[] } | null;
  guardians: { name: string; relation: GuardianRelation; children: { name: string; className: string }[] }[];
}): string {
  const lines: string[] = [];
  if (input.staff) {
    const s = input.staff;
    lines.push(`您是${s.name}，${STAFF_ROLE_LABEL[s.role]}。`);
    if (s.homeroomClasses.length) lines.push(`班主任：${s.homeroomClasses.join("、")}`);
    if (s.teachingClasses.length) lines.push(`任课班级：${s.teachingClasses.join("、")}`);
  }
  for (const g of input.guardians) {
    lines.push(`您是家长${g.name}。`);
    if (g.children.length === 0) lines.push("（学校尚未登记您的孩子，请联系班主任）");
    for (const c of g.children) lines.push(`· ${c.className} ${c.name}的${RELATION_LABEL[g.relation]}`);
  }
  if (lines.length === 0) return `您还没有绑定身份。\n${bindingInstructionsText().split("\n").slice(1).join("\n")}`;
  return lines.join("\n");
}

export const helpText = {
  header(roleWords: string): string {
    return `“亲情桥”家校助手 · ${roleWords}可用的功能：`;
  },
  line(name: string, summary: string, example: string): string {
    return `【${name}】${summary}\n  例：${example}`;
  },
  footer: "发送“帮助 命令名”查看某个功能的详细说明，例如：帮助 绑定",
  unboundFooter: "绑定后可使用更多功能。",
  /** Guardians' first help line: the hotline needs no command (issue #4). */
  guardianMessage: "【给老师留言】直接发文字、语音、图片或文件，就会转给孩子的班主任，并告诉您编号和回复时间\n  例：老师好，孩子这几天感冒了，麻烦多照看",
  detail(name: string, aliases: string[], usage: string, summary: string, detail: string | undefined, example: string): string {
    const lines = [`【${name}】${summary}`, `用法：${usage}`, `例：${example}`];
    if (aliases.length) lines.push(`也可以发送：${aliases.join("、")}`);
    if (detail) lines.push(detail);
    return lines.join("\n");
  },
  unknownTopic(topic: string): string {
    return `没有找到“${truncate(topic, 20)}”这个功能。发送“帮助”查看全部功能。`;
  },
  notForYou(name: string): string {
    return `“${name}”不是您可以使用的功能。发送“帮助”查看您可用的功能。`;
  },
};

export const ROLE_WORDS = {
  unbound: "未绑定用户",
  guardian: "家长",
  teacher: "老师",
  coordinator: "负责人",
  admin: "管理员",
} as const;

export const routerText = {
  unknownCommand(word: string, suggestion: string | null): string {
    return suggestion
      ? `没有“${word}”这个命令。您是想用“${suggestion}”吗？发送“帮助 ${suggestion}”查看用法。`
      : `没有看懂您的消息。发送“帮助”查看可用的功能和例子。`;
  },
  forbiddenFor(name: string, roles: string): string {
    return `抱歉，“${name}”仅限${roles}使用。发送“帮助”查看您可用的功能。`;
  },
  tooLong(length: number, max: number): string {
    return `消息太长了（${length} 字），请分几条发送，每条不超过 ${max} 字。`;
  },
  nonText: "我目前只能读懂文字消息。请用文字发送，或发送“帮助”查看可用的功能。",
  emptyMention: "您好，请在 @我 后面写上要做的事，例如：@我 帮助",
  repliedPrivately(name: string): string {
    return `@${name} 已私信回复您，请查看与我的私聊。`;
  },
  internalError: "抱歉，系统刚才出了点问题，您的消息没有处理成功。请稍后再发一次；如果一直不行，请联系学校。",
  familyMessageInGroup: "要给老师留言，请直接私聊我发送（文字、语音、图片都可以），不要发在群里——群里大家都能看到。",
  privateOnly(name: string): string {
    return `为保护孩子和家庭的信息，“${name}”请私聊我发送，不要在群里发。`;
  },
  nonTextGuardian: "这类消息（位置、链接、小程序、名片）我没法转给老师。请用文字、语音、图片或文件留言，我会转给孩子的老师。",
  nothingToChoose: "现在没有等您选择的事项（选择在 30 分钟后失效）。请重新发送命令，或发送“帮助”查看可用的功能。",
  cancelled: "好的，已取消。",
  /** A staff member answers a multi-step exchange that expired meanwhile (nothing was stored). */
  pendingExpired: (minutes: number) => `您刚才没有完成的操作超过 ${minutes} 分钟没有回复，已自动取消，没有保存。请重新发送命令（发送“帮助”查看用法）。`,
  nothingToCancel: "当前没有需要取消的操作。",
  chooseNumber(max: number): string {
    return `请回复编号（1-${max}）选择，或发送“取消”。`;
  },
};

/** DomainError code -> reply. `d` are the error's details. */
export function domainErrorText(code: string, d: Record<string, unknown>): string {
  switch (code) {
    case "NOT_FOUND":
      return `没有找到${d.what ? `“${String(d.what)}”` : "相关记录"}${d.query ? `：${String(d.query)}` : ""}。请检查后重试。`;
    case "FORBIDDEN":
      return "抱歉，您没有权限做这件事。发送“帮助”查看您可用的功能。";
    case "INVALID_INPUT":
      return `格式不对。${d.usage ? `用法：${String(d.usage)}` : "发送“帮助”查看用法。"}`;
    case "AMBIGUOUS":
      return "有多个匹配的记录，请说得更具体一些。";
    case "OUTBOX_NOT_FAILED":
      return `编号 ${String(d.id)} 的消息不是发送失败状态，无需重发。`;
    default:
      return routerText.internalError;
  }
}

export const codeText = {
  usage: "绑定码 <姓名>",
  issued(who: string, code: string, expiresAt: Date): string {
    return `已为 ${who} 生成绑定码：${code}\n有效期至 ${formatDateZh(expiresAt)}（含当天），只能使用一次；旧的未用绑定码已作废。\n请通过电话或联系卡转交本人，让其私聊我发送：绑定 ${code}`;
  },
  alreadyBoundNote: "（此人已绑定微信；用新码绑定后，旧微信会自动解除绑定。）",
  choose(items: string[]): string {
    return `找到 ${items.length} 个人，请回复编号选择：\n${items.map((s, i) => `${i + 1}. ${s}`).join("\n")}\n或发送“取消”。`;
  },
  notFound(query: string): string {
    return `没有找到“${truncate(query, 20)}”。可以写家长或老师的姓名，或者“学生姓名+关系”，例如：绑定码 张小明妈妈`;
  },
  notFoundInScope(query: string): string {
    return `在您任教的班级里没有找到“${truncate(query, 20)}”。可以写家长姓名，或者“学生姓名+关系”，例如：绑定码 张小明妈妈；其他班级和老师的绑定码请找负责人。`;
  },
};

export function describePerson(p: { kind: "staff"; name: string; role: StaffRole; bound: boolean } | { kind: "guardian"; name: string; relation: GuardianRelation; children: string[]; bound: boolean }): string {
  const base = p.kind === "staff"
    ? `${p.name}（${STAFF_ROLE_LABEL[p.role]}）`
    : `${p.name}（${p.children.length ? `${p.children.join("、")}的${RELATION_LABEL[p.relation]}` : RELATION_LABEL[p.relation]}）`;
  return p.bound ? `${base}，已绑定` : base;
}

export const deliveryText = {
  none: "目前没有发送失败的消息。",
  list(total: number, items: { id: number; recipient: string; createdAt: Date; attempts: number; lastError: string; failureKind: string | null; preview: string }[]): string {
    const lines = [`发送失败的消息共 ${total} 条${total > items.length ? `（显示最近 ${items.length} 条）` : ""}：`];
    for (const i of items) {
      lines.push(`#${i.id} 发给 ${i.recipient}，${formatShortZh(i.createdAt)}，试了 ${i.attempts} 次：${deliveryText.reason(i.failureKind, i.lastError)}`);
      lines.push(`  内容：${truncate(i.preview.replace(/\s+/g, " "), 30)}`);
    }
    lines.push("发送“重发 编号”可重新发送，例如：重发 " + (items[0]?.id ?? 1));
    return lines.join("\n");
  },
  retried(id: number): string {
    return `好的，编号 ${id} 的消息已重新排队发送。`;
  },
  retryUsage: "请写上要重发的编号，例如：重发 12",
  notFound(id: string): string {
    return `没有找到编号 ${truncate(id, 12)} 的消息。发送“发送失败”查看可以重发的消息。`;
  },
  reason(kind: string | null, error: string): string {
    if (kind === "PERMANENT") return "对方无法接收（可能不是好友或已删除）";
    if (kind === "THROTTLED") return "微信限制了发送频率";
    if (kind === "RETRYABLE") return "网络或微信服务异常，多次重试未成功";
    return truncate(error, 40);
  },
};

export { formatDateShanghai };

// ---------------------------------------------------------------------------------------------
// Student files and contact cards in chat (issue #3): 档案, 联系卡, 建档, 我的信息, 更新电话, 更新工作地.
// ---------------------------------------------------------------------------------------------

/** 在校状态 as said in chat. */
export const STATUS_LABEL: Record<StudentStatus, string> = { ACTIVE: "在读", TRANSFERRED: "已转学", GRADUATED: "已毕业", EXITED: "已离校" };
const HEALTH_LABEL: Record<HealthStatus, string> = { HEALTHY: "健康", ILL: "患病", DISABLED: "残疾" };
const GUARDIANSHIP_LABEL: Record<GuardianshipLevel, string> = { GOOD: "较好", FAIR: "一般", POOR: "差" };

/** A date (birth date, status date) in Asia/Shanghai as `2017年6月8日`. */
export function formatDayZh(at: Date): string {
  const d = dayjs(at).tz(SCHOOL_TZ);
  return `${d.year()}年${d.month() + 1}月${d.date()}日`;
}

/** A phone as a reader may see it: in full, or masked (`138****5678`). */
function showPhone(phone: string, full: boolean): string {
  return full ? phone : maskPhoneMiddle(phone);
}

/** An ID number shown with at most its last 4 characters, whatever is stored. */
function maskIdNumber(id: string): string {
  const chars = [...id];
  return `${"*".repeat(Math.max(0, chars.length - 4))}${chars.slice(-4).join("")}`;
}

/** Joins the non-empty parts. */
function parts(list: (string | null | undefined | false)[], sep = "，"): string {
  return list.filter((x): x is string => typeof x === "string" && x.length > 0).join(sep);
}

/** `head：a，b`, or `head` alone when there are no parts. */
function headed(head: string, body: string): string {
  return body ? `${head}：${body}` : head;
}

/** One adult of a child's file (domain/students.ts getStudentFile). Phones unmasked. */
export interface FilePerson {
  parent: "FATHER" | "MOTHER" | null;
  name: string;
  relationLabel: string;
  isCaregiver: boolean;
  worksAway: boolean;
  workCity: string | null;
  employer: string | null;
  phone: string | null;
  age: number | null;
  occupation: string | null;
  health: string | null;
}

/** A child's file as the 档案 summary shows it. Phones and the ID number as stored. */
export interface StudentFileView {
  name: string;
  gender: string | null;
  ethnicity: string | null;
  birthDate: Date | null;
  className: string;
  studentNo: string | null;
  status: StudentStatus;
  statusReason: string | null;
  statusDate: Date | null;
  leftBehindType: LeftBehindType;
  boarding: boolean | null;
  health: HealthStatus | null;
  healthNote: string | null;
  guardianship: GuardianshipLevel | null;
  priorityCare: boolean;
  homeAddress: string | null;
  idNumber: string | null;
  people: FilePerson[];
  incomeSources: string | null;
  aidReceived: string | null;
  notes: string | null;
  /** Care records (issue #6), staff only: mentor, study buddies, last talk, open watch entry, latest open plan's review date. */
  care?: { mentor: string | null; buddies: string[]; lastTalkAt: Date | null; watch: { level: GuardianshipLevel; reason: string } | null; planReviewOn: string | null };
}

/** The `关爱：…` line of a file, or null when there is nothing to say (a child who left with no records). */
function careLine(c: NonNullable<StudentFileView["care"]>, active: boolean): string | null {
  const text = parts(
    [
      c.mentor && `结对教师 ${c.mentor}`,
      c.buddies.length > 0 && `学习帮手 ${c.buddies.join("、")}`,
      (active || c.lastTalkAt) && `最近谈心 ${c.lastTalkAt ? formatDayZh(c.lastTalkAt) : "无记录"}`,
      c.watch && `重点关注（${GUARDIANSHIP_LABEL[c.watch.level]}：${c.watch.reason}）`,
      c.planReviewOn && `帮扶方案 ${c.planReviewOn} 复查`,
    ],
    "；",
  );
  return text ? `关爱：${text}` : null;
}

function statusWords(status: StudentStatus, reason: string | null, date: Date | null): string {
  const extra = status === "ACTIVE" ? "" : parts([reason, date && formatDayZh(date)]);
  return extra ? `${STATUS_LABEL[status]}（${extra}）` : STATUS_LABEL[status];
}

function filePersonLine(p: FilePerson, fullPhones: boolean): string {
  const phone = p.phone && `电话 ${showPhone(p.phone, fullPhones)}`;
  if (p.parent) {
    const head = `${PARENT_WORD[p.parent]} ${p.name}${p.isCaregiver ? "（监护人）" : ""}`;
    return headed(head, parts([p.worksAway ? "外出务工" : "在家", p.worksAway && p.workCity, p.worksAway && p.employer, p.occupation && !p.worksAway && p.occupation, phone]));
  }
  const head = `${p.isCaregiver ? "监护人" : "其他联系人"} ${p.name}（${p.relationLabel}）`;
  return headed(head, parts([p.age !== null && `${p.age}岁`, p.occupation, p.health && `健康：${p.health}`, p.worksAway && parts(["外出务工", p.workCity]), phone]));
}

/**
 * `档案`: a child's file in one compact message, only the fields that are filled. Phones in
 * full when `fullPhones`, else masked; the ID number never shows more than its last 4 characters.
 */
export function studentFileText(f: StudentFileView, fullPhones: boolean): string {
  const lines = [`${f.name}的档案`];
  const basics = parts([f.gender, f.ethnicity, f.birthDate && `${formatDayZh(f.birthDate)}生`]);
  if (basics) lines.push(`基本情况：${basics}`);
  lines.push(`班级：${parts([f.className, f.studentNo && `学号 ${f.studentNo}`, statusWords(f.status, f.statusReason, f.statusDate)])}`);
  lines.push(`留守类型：${parts([LEFT_BEHIND_LABEL[f.leftBehindType], f.boarding === true && "寄宿", f.boarding === false && "走读"])}`);
  const care = parts(
    [
      f.health && `健康：${HEALTH_LABEL[f.health]}${f.healthNote ? `（${f.healthNote}）` : ""}`,
      !f.health && f.healthNote && `健康：${f.healthNote}`,
      f.guardianship && `监护情况：${GUARDIANSHIP_LABEL[f.guardianship]}`,
      f.priorityCare && "重点帮扶对象",
    ],
    "；",
  );
  if (care) lines.push(care);
  if (f.homeAddress) lines.push(`家庭住址：${f.homeAddress}`);
  if (f.idNumber) lines.push(`身份证号：${maskIdNumber(f.idNumber)}`);
  for (const p of f.people) lines.push(filePersonLine(p, fullPhones));
  if (f.people.length === 0) lines.push("家长和监护人：尚未登记");
  if (f.incomeSources) lines.push(`家庭收入来源：${f.incomeSources}`);
  if (f.aidReceived) lines.push(`受助情况：${f.aidReceived}`);
  if (f.notes) lines.push(`备注：${f.notes}`);
  const careText = f.care && careLine(f.care, f.status === "ACTIVE");
  if (careText) lines.push(careText);
  return lines.join("\n");
}

/** What the 联系卡 reply reads of a contact card (domain/cards.ts ContactCard). Phones unmasked. */
export type ContactCardView = ContactCard;

/** `联系卡`: parents and caregivers with phones, where they work, WeChat bound or not; the homeroom teacher; 缺：… */
export function contactCardText(c: ContactCardView, fullPhones: boolean): string {
  const header = parts([c.className, c.studentNo && `学号 ${c.studentNo}`, c.status !== "ACTIVE" && STATUS_LABEL[c.status]]);
  const lines = [`${c.studentName}的联系卡（${header}）`];
  for (const p of c.people) {
    const parent = p.role === "FATHER" || p.role === "MOTHER";
    const head = parent
      ? `${PARENT_WORD[p.role as "FATHER" | "MOTHER"]} ${p.name}${p.isCaregiver ? "（监护人）" : ""}`
      : `${p.role === "CAREGIVER" || p.isCaregiver ? "监护人" : "其他联系人"} ${p.name}（${p.relationLabel}）`;
    const work = p.worksAway ? `外出务工：${cardText.work2(p.workCity, p.employer) || "地点未登记"}` : parent ? "在家" : null;
    lines.push(`${head}：${parts([p.phone ? showPhone(p.phone, fullPhones) : "无电话", work, p.bound ? "已绑定微信" : "未绑定微信"])}`);
  }
  if (c.people.length === 0) lines.push("家长和监护人：尚未登记");
  const t = c.homeroomTeacher;
  lines.push(t ? `班主任：${parts([t.name, t.phone && showPhone(t.phone, fullPhones)], " ")}` : "班主任：未设置");
  if (c.homeAddress) lines.push(`家庭住址：${c.homeAddress}`);
  if (c.missing.length > 0) lines.push(`缺：${c.missing.join(JOIN)}`);
  return lines.join("\n");
}

/** Replies of 档案 and 联系卡 around the lookup. `command` is the command word (档案 / 联系卡). */
export const studentLookupText = {
  usage(command: string): string {
    return `请在“${command}”后面写上学生的姓名或学号，例如：${command} 张小明，或 ${command} 2026001`;
  },
  /** The same words whether the child does not exist or is outside the sender's classes. */
  notFound(command: string, query: string, wholeSchool: boolean): string {
    const where = wholeSchool ? "全校" : "您任教的班级里";
    const tail = wholeSchool ? "" : "其他班级的学生请找负责人。";
    return `${where}没有找到“${truncate(query, 20)}”。请写学生的完整姓名或学号，例如：${command} 张小明，或 ${command} 2026001。${tail}`;
  },
  /** A child offered in a numbered choice is no longer in the sender's scope (or was removed). */
  gone(command: string): string {
    return `没有找到这名学生，请重新发送“${command} 姓名或学号”查询。`;
  },
  choose(items: { name: string; className: string; studentNo: string | null; status: StudentStatus }[]): string {
    const lines = items.map((s, i) => `${i + 1}. ${parts([s.name, s.className, s.studentNo && `学号${s.studentNo}`], " ")}${s.status === "ACTIVE" ? "" : `（${STATUS_LABEL[s.status]}）`}`);
    return `找到 ${items.length} 名学生，请回复编号选择：\n${lines.join("\n")}\n或发送“取消”。`;
  },
};

/** Longest reply the 建档 summary builds, in characters (kept well under MAX_MESSAGE_CHARS). */
export const COVERAGE_REPLY_BUDGET = 1800;
/** How many children with gaps 建档 lists at most. */
export const COVERAGE_GAPS_SHOWN = 10;

/** The figures 建档 reads: domain/coverage.ts CoverageReport (a type-only import; messages/ runs no domain code). */
export type CoverageView = CoverageReport;

/**
 * `建档`: rates, one line per class, then up to COVERAGE_GAPS_SHOWN children with gaps, within
 * COVERAGE_REPLY_BUDGET characters (classes and children that do not fit are counted instead).
 * `rate` formats a 0..1 rate (domain/coverage.ts formatRate).
 */
export function coverageText(r: CoverageView, rate: (x: number) => string, wholeSchool: boolean): string {
  const ratio = (done: number, total: number) => rate(total === 0 ? 0 : done / total);
  const head = [`建档情况（${wholeSchool ? "全校" : "您任教的班级"}）`, statsText.children(r.children)];
  if (r.children === 0) head.push(statsText.noChildren);
  head.push(statsText.fileRate(rate(r.fileRate), r.withFile, r.children), statsText.cardRate(rate(r.cardRate), r.cardComplete, r.children), statsText.bindingRate(rate(r.bindingRate), r.guardiansBound, r.guardians));
  const classLines = r.classes.map((c) =>
    statsText.classLine({ ...c, fileRate: ratio(c.withFile, c.children), cardRate: ratio(c.cardComplete, c.children), bindingRate: ratio(c.guardiansBound, c.guardians) }),
  );
  const gapLines = r.gaps.slice(0, COVERAGE_GAPS_SHOWN).map((g) => statsText.gapLine(g));
  const moreGaps = (shown: number) => (r.gaps.length > shown ? [`还有 ${r.gaps.length - shown} 名未列出，完整名单请${wholeSchool ? "" : "负责人"}用 roster stats 导出（npm run cli -- roster stats）。`] : []);
  const build = (classes: number, gaps: number) =>
    [
      ...head,
      ...(r.classes.length > 0 ? [statsText.classesHeader, ...classLines.slice(0, classes)] : []),
      ...(classes < r.classes.length ? [`另有 ${r.classes.length - classes} 个班级未列出。`] : []),
      ...(r.gaps.length > 0 ? [statsText.gapsHeader(r.gaps.length), ...gapLines.slice(0, gaps), ...moreGaps(gaps)] : r.children > 0 ? [statsText.noGaps] : []),
    ].join("\n");
  let gaps = gapLines.length;
  let classes = classLines.length;
  while (charLength(build(classes, gaps)) > COVERAGE_REPLY_BUDGET && gaps > 0) gaps--;
  while (charLength(build(classes, gaps)) > COVERAGE_REPLY_BUDGET && classes > 0) classes--;
  return build(classes, gaps);
}

/** What `我的信息` shows one guardian record: their own data in full, other adults' phones masked. */
export interface OwnInfoView {
  name: string;
  relationLabel: string;
  phone: string | null;
  worksAway: boolean;
  workCity: string | null;
  employer: string | null;
  children: {
    name: string;
    className: string;
    status: StudentStatus;
    gender: string | null;
    birthDate: Date | null;
    homeroomTeacher: string | null;
    others: { name: string; relationLabel: string; phone: string | null }[];
  }[];
}

/** `我的信息`: what the school has on file for the guardian and their own children. */
export function ownInfoText(records: OwnInfoView[]): string {
  const blocks = records.map((g) => {
    const kids = g.children.map((c) => c.name).join(JOIN);
    const lines = [`${g.name}（${kids ? `${kids}的` : ""}${g.relationLabel}）`, `电话：${g.phone ?? "未登记"}`];
    lines.push(g.worksAway ? `外出务工：${cardText.work2(g.workCity, g.employer) || "地点未登记"}` : "务工情况：在家，未外出务工");
    if (g.children.length > 0) lines.push("孩子：");
    for (const c of g.children) {
      const status = c.status === "ACTIVE" ? "" : `（${STATUS_LABEL[c.status]}）`;
      lines.push(`· ${parts([`${c.name}${status}`, c.className, c.homeroomTeacher && `班主任${c.homeroomTeacher}`, c.gender, c.birthDate && `${formatDayZh(c.birthDate)}生`])}`);
      if (c.others.length > 0) lines.push(`  其他联系人：${c.others.map((o) => `${o.name}（${o.relationLabel}）${o.phone ? maskPhoneMiddle(o.phone) : ""}`).join(JOIN)}`);
    }
    return lines.join("\n");
  });
  return ["学校登记的您的信息：", blocks.join("\n\n"), "信息有误？可发送“更新电话 新号码”或“更新工作地 城市”更正；其他信息请告诉班主任。"].join("\n");
}

/** Replies of 更新电话 and 更新工作地. `teachers` are the homeroom teachers told. */
export const selfUpdateText = {
  phoneInvalid: "电话号码格式不对。请发送 11 位手机号或带区号的座机号，例如：更新电话 13812345678，或 更新电话 0566-8125908",
  phoneUpdated(phone: string, teachers: string[]): string {
    return `好的，您的电话已更新为 ${phone}。${told(teachers)}`;
  },
  phoneUnchanged(phone: string): string {
    return `学校登记的电话就是 ${phone}，不用更新。`;
  },
  cityInvalid: "请写上您现在务工的地方（2-30 个字），例如：更新工作地 浙江省杭州市；已经回家的，请发送：更新工作地 在家",
  cityUpdated(city: string, teachers: string[]): string {
    return `好的，您的务工地点已更新为“${city}”。${told(teachers)}`;
  },
  homeUpdated(teachers: string[]): string {
    return `好的，已记下您现在在家，不再外出务工。${told(teachers)}`;
  },
  unchanged: "学校登记的就是这样，不用更新。",
};

function told(teachers: string[]): string {
  return teachers.length > 0 ? `已告诉班主任${teachers.join(JOIN)}。` : "";
}

/** What a guardian changed, for the homeroom teacher's notice. Phones already masked. */
export type GuardianChange =
  | { kind: "phone"; phone: string; oldPhone: string | null }
  | { kind: "city"; city: string; oldCity: string | null }
  | { kind: "home"; oldCity: string | null };

/** Told to a homeroom teacher when a guardian of their class corrects their own data. */
export function guardianChangeText(c: { children: { name: string; className: string }[]; guardianName: string; relationLabel: string } & GuardianChange): string {
  const who = `${c.children.map((k) => `${k.className} ${k.name}`).join(JOIN)}的${c.relationLabel}${c.guardianName}`;
  const first = c.children[0]?.name ?? "";
  switch (c.kind) {
    case "phone":
      return `家长信息更新：${who}把电话改为 ${c.phone}（原${c.oldPhone ?? "未登记"}）。发送“联系卡 ${first}”可查看。`;
    case "city":
      return `家长信息更新：${who}的务工地点改为“${c.city}”（原${c.oldCity ?? "未登记"}）。发送“联系卡 ${first}”可查看。`;
    case "home":
      return `家长信息更新：${who}已回家，不再外出务工${c.oldCity ? `（原务工地点${c.oldCity}）` : ""}。孩子的留守情况如有变化，请及时更新档案。`;
  }
}
