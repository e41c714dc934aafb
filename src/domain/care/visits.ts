/**
 * Home visits (走访/家访, issue #6 point 5): who was met, the home situation, the guardian's
 * views and the follow-up, as on the usual home-visit sheet. Any staff member with the child in
 * scope may record one (the mentor first of all; see diary.ts for the same decision). The
 * mentor's once-a-term reminder (reminders.ts) counts every visit to the child's home. Staff only.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { DomainError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { getChildInScope, shanghaiNoon, todayOf, type CareChild } from "./common.ts";

/** The parts of a visit record; only the situation is required. */
export interface VisitParts {
  metWith: string | null;
  situation: string | null;
  guardianViews: string | null;
  followUp: string | null;
}

/** The fields in the order the form asks them. */
export const VISIT_FIELDS = ["metWith", "situation", "guardianViews", "followUp"] as const;
export type VisitField = (typeof VISIT_FIELDS)[number];

// Longest first inside each group, so `家庭情况` is not read as `情况` after `家庭`.
const LABELS: [RegExp, VisitField][] = [
  [/^(见到了|见到|见了|会见|接待人)$/u, "metWith"],
  [/^(家庭情况|家里情况|家庭状况|情况)$/u, "situation"],
  [/^(监护人意见|家长意见|监护人想法|家长想法|意见|想法)$/u, "guardianViews"],
  [/^(后续跟进|后续|跟进|下一步)$/u, "followUp"],
];
const LABEL_RE = /(见到了|见到|见了|会见|接待人|家庭情况|家里情况|家庭状况|情况|监护人意见|家长意见|监护人想法|家长想法|意见|想法|后续跟进|后续|跟进|下一步)\s*[:：]/gu;

/** Answers meaning "nothing" for an optional field (`无`, `没有`, `跳过`...). */
const NOTHING = new Set(["无", "没有", "没", "暂无", "跳过", "不需要", "不用", "none", "-", "/"]);

/** `value` tidied: trimmed, trailing separators dropped; null when empty or a word for nothing. */
export function visitValue(value: string, optional: boolean): string | null {
  const v = value.trim().replace(/^[\s,，;；、。]+|[\s,，;；、]+$/gu, "");
  if (!v) return null;
  return optional && NOTHING.has(v.normalize("NFKC").replace(/[。.!！]+$/u, "").toLowerCase()) ? null : v;
}

/**
 * Reads a visit's text: labelled parts (`见到：奶奶 情况：… 意见：… 跟进：…`, full-width or
 * half-width colons; the words above) or, without labels, the whole text as the situation.
 * Text before the first label joins the situation. A part given twice keeps the last. Pure.
 */
export function parseVisitText(text: string): VisitParts {
  const parts: VisitParts = { metWith: null, situation: null, guardianViews: null, followUp: null };
  const marks = [...text.matchAll(LABEL_RE)];
  if (marks.length === 0) return { ...parts, situation: visitValue(text, false) };
  const lead = visitValue(text.slice(0, marks[0]!.index), false);
  marks.forEach((m, i) => {
    const field = LABELS.find(([re]) => re.test(m[1]!))![1];
    const end = i + 1 < marks.length ? marks[i + 1]!.index : text.length;
    parts[field] = visitValue(text.slice(m.index + m[0].length, end), field !== "situation");
  });
  if (lead) parts.situation = parts.situation ? `${lead} ${parts.situation}` : lead;
  return parts;
}

/** What {@link recordHomeVisit} did. */
export type VisitResult = { kind: "inactive"; child: CareChild } | { kind: "added"; visitId: number; child: CareChild; visitedAt: Date; parts: VisitParts & { situation: string } };

/**
 * Records a home visit to child `studentId`'s family on Shanghai date `day` (a past date:
 * stored at its noon; omitted or today: now). Audited as `home-visit` (without the text).
 * Throws DomainError NOT_FOUND when the child is outside `staff`'s scope, INVALID_INPUT when
 * `parts.situation` is empty.
 */
export async function recordHomeVisit(deps: Deps, input: { staff: StaffBinding; studentId: number; day?: string | null; parts: VisitParts }): Promise<VisitResult> {
  const { db, clock } = deps;
  const child = await getChildInScope(deps, input.staff, input.studentId);
  if (child.status !== "ACTIVE") return { kind: "inactive", child };
  const situation = input.parts.situation;
  if (!situation) throw new DomainError("INVALID_INPUT", { usage: "走访 学生 家庭情况" });
  const now = clock.now();
  const visitedAt = input.day && input.day !== todayOf(deps) ? shanghaiNoon(input.day) : now;
  const parts = { ...input.parts, situation };
  const row = await db.homeVisit.create({ data: { studentId: child.id, staffId: input.staff.id, visitedAt, ...parts, createdAt: now } });
  await recordAudit(db, now, { type: "STAFF", id: input.staff.id }, "home-visit", "Student", child.id, { visitId: row.id });
  return { kind: "added", visitId: row.id, child, visitedAt, parts };
}
