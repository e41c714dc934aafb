/**
 * Texts of talk logging (谈心, 已谈, 谈心记录; issue #6 points 2 and 4). Staff only: talk contents
 * are never sent to guardians. Dates in Asia/Shanghai.
 */
import { periodLabel, type PeriodView } from "./talk-duty.ts";
import { formatDateTimeZh, formatDateZh } from "../lib/time.ts";
import { shanghaiMidnight } from "../lib/talk-period.ts";
import { truncate } from "../lib/text.ts";
import { STATUS_LABEL, formatDayZh } from "./zh.ts";
import type { StudentStatus, TalkMood } from "../generated/prisma/enums.ts";
import type { TalkCard } from "../domain/talks/log.ts";
import type { DueTalks } from "../domain/talks/log-query.ts";

/** How the child seemed, as the form offers it (回复 1 好 / 2 一般 / 3 需关注). */
export const MOOD_LABEL: Record<TalkMood, string> = { GOOD: "好", FAIR: "一般", CONCERN: "需关注" };

/** A talk's record card (domain/talks/log.ts; a type-only import: messages/ runs no domain code). */
export type TalkCardView = TalkCard;

/** `2026年12月28日（周一）` of a Shanghai `YYYY-MM-DD`. */
const day = (date: string) => formatDateZh(shanghaiMidnight(date));
/** `2026年12月28日` (no weekday) of a Shanghai `YYYY-MM-DD`. */
const plainDay = (date: string) => formatDayZh(shanghaiMidnight(date));
/** `今天` or the day. */
const dayOrToday = (date: string | null) => (date === null ? "今天" : day(date));

const STEPS = 3;
const cancelHint = "随时发送“取消”放弃，不会保存。";

/** The 谈心记录卡 lines. */
export function talkCardText(c: TalkCardView): string {
  const state = [c.mood ? MOOD_LABEL[c.mood] : null, c.effect].filter(Boolean).join("；") || "未填写";
  return [
    "【谈心记录卡】",
    `时间：${c.timed ? formatDateTimeZh(c.talkedAt) : formatDateZh(c.talkedAt)}`,
    c.place ? `地点：${c.place}` : null,
    `谈心教师：${c.teacherName}`,
    `学生：${c.childName}（${c.className}）`,
    `谈心内容：${c.content}`,
    `状态/效果：${state}`,
    `后续跟进：${c.followUp ?? "无"}`,
  ]
    .filter((l): l is string => l !== null)
    .join("\n");
}

export const talkText = {
  usage: "用法：谈心 <学生> [日期] [内容]，例如：谈心 张小明 聊了期中考试和想妈妈的事 好\n只写姓名（谈心 张小明）我会一步步问您。发送“帮助 谈心”查看说明。",
  doneUsage: "用法：已谈 <学生或编号>，例如：已谈 张小明，或 已谈 2（谈心提醒清单里的编号）",
  historyUsage: "用法：谈心记录 <学生>，例如：谈心记录 张小明",
  /** Same words whether the child does not exist or is outside the sender's scope. */
  notFound(query: string, wholeSchool: boolean): string {
    if (wholeSchool) return `全校没有找到“${truncate(query, 20)}”。请写学生的完整姓名或学号。`;
    return `您任教的班级和结对的学生里没有找到“${truncate(query, 20)}”。请写学生的完整姓名或学号。\n谈心只能记录您任教班级或与您结对的学生；其他班级的学生请由班主任、结对老师或负责人记录。`;
  },
  gone: "这名学生已不在您可以记录的范围内，谈心没有保存。",
  invalidDate(phrase: string): string {
    return `“${phrase}”不是一个有效的日期，请检查后重新发送，例如：谈心 张小明 12月28日 聊了学习。`;
  },
  future(date: string): string {
    return `${plainDay(date)}还没到，不能记录未来的谈心。请写已经谈过的日期，例如“昨天”“上周五”或“12月28日”。`;
  },
  beforeAdmission(name: string, date: string, admission: string): string {
    return `${name}是${plainDay(admission)}入学的，不能记录入学前（${plainDay(date)}）的谈心。请检查日期。`;
  },
  inactive(name: string, status: StudentStatus, reason: string | null): string {
    return `${name}${STATUS_LABEL[status]}${reason ? `（${reason}）` : ""}，不能再记录谈心。`;
  },
  duplicate(name: string, date: string, today: string, count: number): string {
    const when = date === today ? "今天" : day(date);
    return `您${when}已经记录过和${name}的谈心${count > 1 ? `（${count} 次）` : ""}。要再添加一次吗？\n回复“确认”添加，回复“取消”放弃。`;
  },
  confirmAgain: "请回复“确认”再添加一次谈心记录，或回复“取消”放弃。",
  askContent(name: string, className: string, date: string | null): string {
    return `好的，记录${dayOrToday(date)}和${name}（${className}）的谈心。\n第 1 步（共 ${STEPS} 步）：这次谈了什么？请写下谈话的主要内容。\n${cancelHint}`;
  },
  askMood: `第 2 步（共 ${STEPS} 步）：孩子的状态怎么样？\n回复 1 好 / 2 一般 / 3 需关注`,
  askMoodAgain: "请回复 1、2、3，或“好”“一般”“需关注”，说说孩子的状态；发送“取消”放弃这次记录。",
  askFollowUp: `第 3 步（共 ${STEPS} 步）：需要后续跟进吗？\n不需要请回复“无”；需要请写下跟进的事项（比如：下周再谈一次、联系妈妈）。`,
  abandoned(name: string): string {
    return `（和${name}的谈心记录还没填完，已放弃。）`;
  },
  /**
   * `earlier`: the earlier period the talk counts for (logged late), with its duty's status
   * after the recount (DONE: counted; null: that period has no figures).
   */
  oneAtATime: "一次只能记录一个学生的谈心，请一个一个发，例如：已谈 1。记完再发：已谈 2",
  logged(card: TalkCardView, due: DueTalks | null, watched: boolean, earlier?: { period: PeriodView; status: string | null } | null): string {
    const lines = ["已记录谈心。", talkCardText(card)];
    if (watched) lines.push(`已把${card.childName}列入重点关注名单（发送“关注名单”查看）。`);
    if (earlier) {
      const label = periodLabel(earlier.period);
      lines.push(earlier.status === "DONE" || earlier.status === "DUE" ? `这次谈心计入${label}。` : earlier.status === "EXCUSED" ? `${card.childName}${label}已免谈，这次谈心只作记录。` : `${label}还没有使用本系统统计，这次谈心只作记录。`);
    }
    if (due) lines.push(`${due.kind === "month" ? "本月" : "本周"}还需谈心：${due.count} 人`);
    return lines.join("\n");
  },
  history(h: { childName: string; className: string; total: number; cards: TalkCardView[] }): string {
    if (h.total === 0) return `${h.childName}（${h.className}）还没有谈心记录。记录：谈心 ${h.childName} <内容>`;
    const head = `${h.childName}（${h.className}）的谈心记录，共 ${h.total} 次${h.total > h.cards.length ? `，以下是最近 ${h.cards.length} 次` : ""}：`;
    return [head, ...h.cards.map(talkCardText)].join("\n\n");
  },
  noDigest: "您还没有收到过谈心提醒清单，没法按编号选择。请发送“已谈 学生姓名”，例如：已谈 张小明",
  outOfRange(n: string, size: number, digestDay: string): string {
    if (size === 0) return talkText.noDigest;
    return `编号 ${n} 不在清单里。最近一份谈心提醒（${plainDay(digestDay)}）有 ${size} 名学生，请写 1-${size} 之间的编号，或发送“已谈 学生姓名”。`;
  },
};

/** `帮助 谈心`'s explanation. */
export const TALK_HELP = [
  "只能记录您任教班级或与您结对的学生；负责人可以记录全校的学生。谈心内容只有老师能看到，家长看不到。",
  "一次写完：谈心 学生 [日期] 内容 [状态]，例如：谈心 张小明 聊了期中考试和想妈妈的事 好",
  "· 日期可省略（就是今天）；可以写 昨天、前天、三天前、上周五、周一、12月28日、2026年11月3日、11/3、上个月15号。“昨天”“周一”这类词后面请空一格再写内容。不能写未来的日期，也不能早于学生入学。没有年份的日期按已经过去的算（1月初写“12月28日”就是去年的12月28日）。",
  "· 内容最后空一格写 好 / 一般 / 需关注，记为孩子的状态（“需关注”也可以直接接在内容后面）；选“需关注”会把孩子列入重点关注名单。",
  "· 谈话地点可以写在内容里：地点：操场（会记在谈心记录卡的“地点”一栏）。",
  "一步步填：谈心 学生 [日期]，我会依次问：谈话内容、孩子的状态（1 好 / 2 一般 / 3 需关注）、是否需要后续跟进（回复“无”或写下跟进事项）。任何一步发送“取消”都会放弃，30 分钟不回复也会自动放弃。",
  "同一天已经记录过同一个学生时，会先问您是否再添加一次。",
  "收到谈心提醒后，回复“已谈 学生姓名”或“已谈 编号”（清单里的编号）也会打开同样的步骤。查看记录：谈心记录 学生（最近 5 次）。",
].join("\n");
