/**
 * Texts of pairing, study buddies, growth diary, home visits, the watch list, care plans and the
 * daily care reminders (issue #6 points 5-6). Staff read all of them; guardians none. Dates in
 * Asia/Shanghai; `day` strings are Shanghai dates `YYYY-MM-DD`.
 */
import { formatDateZh } from "../lib/time.ts";
import { truncate } from "../lib/text.ts";
import { STATUS_LABEL } from "./zh.ts";
import { monthDayZh } from "./updates.ts";
import type { GuardianshipLevel, StaffRole, StudentStatus } from "../generated/prisma/enums.ts";

/** The national form's guardianship levels. */
export const LEVEL_LABEL: Record<GuardianshipLevel, string> = { GOOD: "较好", FAIR: "一般", POOR: "差" };

/** `1月15日` of a Shanghai date `YYYY-MM-DD`. */
export function dayZh(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/** `2027年1月15日（周五）` of a Shanghai date `YYYY-MM-DD`. */
export function fullDayZh(day: string): string {
  return formatDateZh(new Date(`${day}T12:00:00+08:00`));
}

type Child = { name: string; className: string };
const who = (c: Child) => `${c.name}（${c.className}）`;
const dateOr = (at: Date | null) => (at ? monthDayZh(at) : "无记录");

/** A child no longer ACTIVE: nothing new is recorded. */
export function inactiveText(c: { name: string; status: StudentStatus; statusReason: string | null }): string {
  return `${c.name}${STATUS_LABEL[c.status]}${c.statusReason ? `（${c.statusReason}）` : ""}，不再记录。`;
}

/** A leading date (lib/past-date.ts) that cannot be used. */
export const dateText = {
  invalid(phrase: string): string {
    return `“${truncate(phrase, 20)}”不是有效的日期，请检查后重新发送。`;
  },
  future(phrase: string): string {
    return `“${truncate(phrase, 20)}”还没到，只能记录今天或以前的事。`;
  },
};

const PAIR_EXAMPLE = "结对 陈志强 张小明";

/** Pairing: the coordinator's replies and the mentors' notices. */
export const pairText = {
  usage: `请写上结对老师和学生的姓名，中间空一格，例如：${PAIR_EXAMPLE}`,
  unpairUsage: "请写上学生的姓名或学号，例如：取消结对 张小明",
  unknownTeacher(query: string): string {
    return `全校没有找到叫“${truncate(query, 20)}”的老师。请先写老师的完整姓名，再写学生的姓名或学号，中间空一格，例如：${PAIR_EXAMPLE}`;
  },
  chooseTeacher(list: { name: string; role: StaffRole; classes: string[] }[]): string {
    const lines = list.map((s, i) => `${i + 1}. ${s.name}（${[s.role === "TEACHER" ? "老师" : "负责人", ...s.classes].join(" · ")}）`);
    return `找到 ${list.length} 位叫“${list[0]!.name}”的老师，请回复编号选择：\n${lines.join("\n")}\n或发送“取消”。`;
  },
  mentorNotice(v: { coordinatorName: string; childName: string; className: string; diaryDays: number }): string {
    return [
      `${v.coordinatorName}老师安排您与${v.className}的${v.childName}结对帮扶。`,
      `请多关心孩子的学习和生活：至少每 ${v.diaryDays} 天写一次成长日记（日记 ${v.childName} 内容），每学期至少走访一次孩子的家（走访 ${v.childName}）。`,
      "发送“我的结对”查看您结对的孩子。",
    ].join("\n");
  },
  replacedNotice(v: { coordinatorName: string; childName: string; className: string; newMentor: string }): string {
    return `${v.coordinatorName}老师已把${v.className}${v.childName}的结对帮扶改由${v.newMentor}老师负责，您与${v.childName}的结对已解除。感谢您的付出！`;
  },
  endedNotice(v: { coordinatorName: string; childName: string; className: string }): string {
    return `${v.coordinatorName}老师已解除您与${v.className}${v.childName}的结对帮扶。感谢您的付出！`;
  },
  paired(c: Child, mentor: string, notified: boolean, replaced: { name: string; notified: boolean } | null): string {
    const lines = [`已安排${mentor}老师与${who(c)}结对帮扶。${notified ? `已通知${mentor}老师。` : `${mentor}老师还没有绑定微信，没有收到通知。`}`];
    if (replaced) lines.push(`${c.name}原来的结对老师${replaced.name}已解除结对${replaced.notified ? "，并已通知。" : "（未绑定微信，没有通知）。"}`);
    return lines.join("\n");
  },
  same(c: Child, mentor: string): string {
    return `${mentor}老师已经在和${who(c)}结对帮扶了。`;
  },
  ended(c: Child, mentor: string, notified: boolean): string {
    return `已解除${mentor}老师与${who(c)}的结对帮扶${notified ? `，已通知${mentor}老师。` : "。"}`;
  },
  noPairing(c: Child): string {
    return `${who(c)}目前没有结对老师。`;
  },
};

/** One paired child of `我的结对` (domain/care/pairing-list.ts PairedChild). */
interface PairedView extends Child {
  mentorId: number;
  mentorName: string;
  lastDiaryAt: Date | null;
  lastVisitAt: Date | null;
  buddies: string[];
}

function pairedLines(list: PairedView[]): string[] {
  return list.map((p, i) => {
    const lines = [`${i + 1}. ${who(p)}`, `   最近日记：${dateOr(p.lastDiaryAt)} · 最近走访：${dateOr(p.lastVisitAt)}`];
    if (p.buddies.length > 0) lines.push(`   学习帮手：${p.buddies.join("、")}`);
    return lines.join("\n");
  });
}

/** `我的结对`: a mentor's own children, or the school's pairings by mentor. */
export const myPairsText = {
  mine(list: PairedView[], schoolHint: boolean): string {
    if (list.length === 0) return "您还没有结对帮扶的孩子。结对由负责人安排。";
    const lines = [`您结对帮扶的孩子（${list.length}人）：`, ...pairedLines(list), "写日记：日记 姓名 内容；记录走访：走访 姓名"];
    if (schoolHint) lines.push("发送“我的结对 全校”查看全校的结对。");
    return lines.join("\n");
  },
  school(list: PairedView[]): string {
    if (list.length === 0) return `全校还没有安排结对帮扶。安排结对：结对 教师姓名 学生姓名，例如：${PAIR_EXAMPLE}`;
    const mentors = [...new Set(list.map((p) => p.mentorId))];
    const blocks = mentors.map((id) => {
      const mine = list.filter((p) => p.mentorId === id);
      return [`${mine[0]!.mentorName}老师（${mine.length}人）：`, ...pairedLines(mine)].join("\n");
    });
    return [`全校结对帮扶（${mentors.length}位老师，${list.length}名学生）：`, ...blocks].join("\n");
  },
};

/** `学习帮手`. */
export const buddyText = {
  usage: "请写上学生和同学的姓名，中间空一格，例如：学习帮手 张小明 李娜",
  noClassmate(c: Child, query: string): string {
    if (query.trim() === c.name) return `学习帮手要写${c.name}的另一位同班同学，不能是${c.name}自己。`;
    return `${c.className}没有找到“${truncate(query, 20)}”。学习帮手要是${c.name}的同班同学，请写同学的完整姓名或学号。`;
  },
  added(c: Child, buddy: string): string {
    return `已记录${buddy}为${who(c)}的学习帮手。`;
  },
  exists(c: Child, buddy: string): string {
    return `${buddy}已经是${c.name}的学习帮手了。`;
  },
  chooseClassmate(n: number): string {
    return `${n} 名同学同名，请改用学号，例如：学习帮手 张小明 2026002`;
  },
};

/** `日记`. */
export const diaryText = {
  usage: "请写上学生姓名和日记内容，中间空一格，例如：日记 张小明 这周主动举手回答问题，笑容多了",
  ask(c: Child): string {
    return `请发送${who(c)}的成长日记内容（发送“取消”放弃）：`;
  },
  added(c: Child, day: string): string {
    return `已记入${who(c)}的成长日记（${dayZh(day)}）。`;
  },
};

/** `走访`: the form's questions, in VISIT_FIELDS order, and the receipt. */
export const visitText = {
  usage: "请写上学生姓名和走访情况，例如：走访 张小明 见到：奶奶 情况：家里整洁，孩子作业按时完成 意见：希望多和父母视频 跟进：下月再访\n只写“走访 张小明”，我会一项一项问您。",
  questions: {
    metWith: "见到了谁？（例如：奶奶张桂兰）",
    situation: "家庭情况怎么样？",
    guardianViews: "监护人有什么意见或想法？（没有请回复“无”）",
    followUp: "需要后续跟进什么？（不需要请回复“无”）",
  },
  start(c: Child, day: string, first: string): string {
    return `记录${dayZh(day)}对${who(c)}家的走访（随时发送“取消”放弃）。\n${first}`;
  },
  added(c: Child, day: string, p: { metWith: string | null; situation: string; guardianViews: string | null; followUp: string | null }): string {
    return [`已记录${dayZh(day)}对${who(c)}家的走访：`, `见到：${p.metWith ?? "无"}`, `家庭情况：${p.situation}`, `监护人意见：${p.guardianViews ?? "无"}`, `后续跟进：${p.followUp ?? "无"}`].join("\n");
  },
};

/** `关注`, `取消关注`, `关注名单`. */
export const watchText = {
  usage: "请写上学生姓名和关注原因，原因前可写监护情况（较好、一般、差，不写为一般），例如：关注 张小明 差 父母长期联系不上，奶奶年老多病",
  unwatchUsage: "请写上学生的姓名或学号，例如：取消关注 张小明",
  watched(c: Child, created: boolean, level: GuardianshipLevel, reason: string): string {
    return `${created ? "已将" : "已更新"}${who(c)}${created ? "列入重点关注" : "的重点关注"}（监护情况：${LEVEL_LABEL[level]}），原因：${reason}`;
  },
  unwatched(c: Child): string {
    return `已将${who(c)}移出重点关注名单。`;
  },
  notWatched(c: Child): string {
    return `${who(c)}不在重点关注名单上。`;
  },
  list(items: (Child & { level: GuardianshipLevel; reason: string; source: string; since: Date; lastTalkAt: Date | null; lastParentContactAt: Date | null })[], wholeSchool: boolean): string {
    if (items.length === 0) return wholeSchool ? "重点关注名单上目前没有学生。列入名单：关注 学生姓名 原因" : "您任教的班级和结对的孩子里目前没有重点关注的学生。";
    const lines = items.map((w, i) =>
      [
        `${i + 1}. ${who(w)} 监护情况：${LEVEL_LABEL[w.level]}`,
        `   原因：${truncate(w.reason, 100)}（${monthDayZh(w.since)}起，${w.source === "TALK" ? "谈心时标记" : "负责人列入"}）`,
        `   最近谈心：${dateOr(w.lastTalkAt)} · 最近家长联系：${dateOr(w.lastParentContactAt)}`,
      ].join("\n"),
    );
    return [`重点关注名单（${items.length}人）：`, ...lines].join("\n");
  },
};

/** `方案`. */
export const planText = {
  usage: "请写上学生姓名和方案内容，最后可写复查日期，例如：方案 张小明 每周和奶奶通一次电话，每天检查作业 复查 1月15日",
  added(c: Child, reviewOn: string): string {
    return `已为${who(c)}记录个别教育方案，复查日期：${fullDayZh(reviewOn)}。到时会提醒您复查。`;
  },
  past(day: string): string {
    return `复查日期${fullDayZh(day)}不在今天以后，请写以后的日期，例如：复查 1月15日`;
  },
  bad(text: string): string {
    return `看不懂复查日期“${truncate(text, 20)}”。请这样写：复查 1月15日，或 复查日期 2027-01-15`;
  },
};

/** One staff member's daily reminder (domain/care/reminders.ts). */
export interface ReminderView {
  day: string;
  /** The term's first day, when visits are listed. */
  termStart: string | null;
  diary: (Child & { days: number; lastDiary: string | null })[];
  visits: Child[];
  plans: (Child & { content: string; reviewOn: string; createdAt: Date })[];
}

/** The daily care reminder: due diaries, home visits and plan reviews, in one message. */
export function reminderText(v: ReminderView): string {
  const lines = [`今天的帮扶提醒（${dayZh(v.day)}）：`];
  if (v.diary.length > 0) {
    lines.push("【成长日记】");
    for (const d of v.diary) lines.push(`· ${who(d)}：${d.lastDiary ? `已 ${d.days} 天没有写成长日记（上次 ${dayZh(d.lastDiary)}）` : `结对 ${d.days} 天还没有写成长日记`}`);
    lines.push("发送“日记 姓名 内容”记录。");
  }
  if (v.visits.length > 0) {
    lines.push("【家访】");
    for (const c of v.visits) lines.push(`· ${who(c)}：本学期（${dayZh(v.termStart!)}起）还没有走访`);
    lines.push("发送“走访 姓名”记录。");
  }
  if (v.plans.length > 0) {
    lines.push("【方案复查】");
    for (const p of v.plans) lines.push(`· ${who(p)}：${truncate(p.content, 60)}（${monthDayZh(p.createdAt)}制定，复查日期 ${dayZh(p.reviewOn)}）`);
    lines.push("请看看方案落实得怎么样；需要调整时，发送“方案 姓名 新内容”记录新方案。");
  }
  return lines.join("\n");
}
