/**
 * Individual care plans (个别教育管理方案, issue #6 point 6): `方案 <学生> <内容> [复查 <日期>]`
 * by staff with the child in scope. The plan's owner is the sender; its review date is the one
 * given (a future Asia/Shanghai date) or CARE_PLAN_REVIEW_DAYS days later; the owner is
 * reminded on that date, or on the next working day when it is not one (reminders.ts). Staff only.
 */
import { parseSessionTime } from "../../lib/session-time.ts";
import { parseLeadingDate } from "../../lib/past-date.ts";
import { shanghaiMidnight } from "../../lib/talk-period.ts";
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { recordAudit } from "../audit.ts";
import { dateOfDayNumber, dayNumberOf, shanghaiDateOf } from "../../lib/work-calendar.ts";
import { getChildInScope, todayOf, type CareChild } from "./common.ts";

/** The review date a plan's text asked for: none, a date, or a refusal (`past`: not after today; `bad`: unreadable). */
export type ReviewAsk = { kind: "none" } | { kind: "date"; day: string } | { kind: "past"; day: string } | { kind: "bad"; text: string };

const TRAILING = /(?:^|[\s,，;；。、])复查(?:日期|时间)?\s*[:：]?\s*(\S+?)[。.]?\s*$/u;
const CN_DIGITS: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const pad = (n: number) => String(n).padStart(2, "0");

function isoOf(y: number, m: number, d: number): string | null {
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.getUTCMonth() + 1 === m && t.getUTCDate() === d ? iso : null;
}

/**
 * A day named in words (`明天`, `下周一`, `后天`, `本周五`, `昨天`) read by lib/session-time.ts
 * against `today`'s Asia/Shanghai noon, past days included (the caller refuses them); null
 * when `t` is not exactly one day phrase.
 */
function dayPhrase(t: string, today: string): string | null {
  const r = parseSessionTime(t, new Date(shanghaiMidnight(today).getTime() + 12 * 3_600_000), { allowPast: true });
  if (!r || r.rest.trim()) return null;
  if (r.kind === "date-only") return r.date;
  if (r.kind === "ok" || r.kind === "past") return shanghaiDateOf(r.start);
  return null;
}

/** {@link dayPhrase}, else a past day in words (`昨天`, `上周五`) as lib/past-date.ts reads it. */
function anyDayPhrase(t: string, today: string): string | null {
  const ahead = dayPhrase(t, today);
  if (ahead) return ahead;
  const past = parseLeadingDate(t, new Date(shanghaiMidnight(today).getTime() + 12 * 3_600_000));
  return past?.kind === "date" && !past.rest.trim() ? past.date : null;
}

/**
 * Reads a review date: `2027-01-15` (also `/` or `.`), `2027年1月15日`, `1月15日` (`号`),
 * `1-15`, `1/15`, `30天后`, `2周后`, `3个月后` (Arabic digits or 一..十). A date without a year
 * is this year's when after `today`, else next year's when that is within 183 days (a review
 * in January written in December), else it stays this year's and is past. Days in words
 * (`明天`, `下周一`, `昨天`) as lib/session-time.ts reads them. Null when unreadable.
 * `today` is a Shanghai date `YYYY-MM-DD`. Pure.
 */
export function parseReviewDay(text: string, today: string): string | null {
  const t = text.normalize("NFKC").trim();
  const rel = /^(\d{1,3}|[一两二三四五六七八九十])(天|日|周|星期|个月|月)(?:后|以后|之后)$/u.exec(t);
  if (rel) {
    const n = /\d/.test(rel[1]!) ? Number(rel[1]) : CN_DIGITS[rel[1]!]!;
    if (rel[2] === "个月" || rel[2] === "月") {
      const [y, m, d] = today.split("-").map(Number) as [number, number, number];
      const total = m - 1 + n;
      const year = y + Math.floor(total / 12);
      const month = (total % 12) + 1;
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      return isoOf(year, month, Math.min(d, last));
    }
    return dateOfDayNumber(dayNumberOf(today) + n * (rel[2] === "周" || rel[2] === "星期" ? 7 : 1));
  }
  const full = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})[日号]?$/u.exec(t);
  if (full) return isoOf(Number(full[1]), Number(full[2]), Number(full[3]));
  const md = /^(\d{1,2})(?:[-/]|月)(\d{1,2})[日号]?$/u.exec(t);
  if (!md) return anyDayPhrase(t, today);
  const year = Number(today.slice(0, 4));
  const [month, date] = [Number(md[1]), Number(md[2])];
  const thisYear = isoOf(year, month, date);
  const next = isoOf(year + 1, month, date);
  if (!thisYear && !next) return null;
  if (thisYear && thisYear > today) return thisYear;
  if (next && dayNumberOf(next) - dayNumberOf(today) <= 183) return next;
  return thisYear ?? next;
}

/**
 * Splits a plan's text into its content and the trailing review date (`… 复查 1月15日`,
 * `… 复查日期：2027-01-15`). Pure; `today` is a Shanghai date `YYYY-MM-DD`.
 */
export function splitReview(text: string, today: string): { content: string; review: ReviewAsk } {
  const m = TRAILING.exec(text);
  if (!m) return { content: text.trim(), review: { kind: "none" } };
  const content = text.slice(0, m.index).trim();
  const day = parseReviewDay(m[1]!, today);
  // `…，复查作业` is part of the plan, not a date: only date-like words are refused as unreadable.
  if (!day && !/[\d０-９月天周号后]/u.test(m[1]!)) return { content: text.trim(), review: { kind: "none" } };
  if (!day) return { content, review: { kind: "bad", text: m[1]! } };
  return { content, review: day > today ? { kind: "date", day } : { kind: "past", day } };
}

/** What {@link createCarePlan} did. */
export type PlanResult = { kind: "inactive"; child: CareChild } | { kind: "added"; planId: number; child: CareChild; reviewOn: string };

/**
 * Records a care plan for child `studentId` owned by `staff`, reviewed on `reviewOn` (a Shanghai
 * date after today, checked by the caller with {@link splitReview}) or CARE_PLAN_REVIEW_DAYS
 * days after today. Audited as `care-plan`. Throws DomainError NOT_FOUND when the child is
 * outside `staff`'s scope.
 */
export async function createCarePlan(deps: Deps, input: { staff: StaffBinding; studentId: number; content: string; reviewOn?: string }): Promise<PlanResult> {
  const { db, clock, settings } = deps;
  const child = await getChildInScope(deps, input.staff, input.studentId);
  if (child.status !== "ACTIVE") return { kind: "inactive", child };
  const now = clock.now();
  const reviewOn = input.reviewOn ?? dateOfDayNumber(dayNumberOf(todayOf(deps)) + settings.carePlanReviewDays);
  const row = await db.carePlan.create({ data: { studentId: child.id, ownerId: input.staff.id, content: input.content, reviewOn, createdAt: now } });
  await recordAudit(db, now, { type: "STAFF", id: input.staff.id }, "care-plan", "Student", child.id, { planId: row.id, reviewOn });
  return { kind: "added", planId: row.id, child, reviewOn };
}
