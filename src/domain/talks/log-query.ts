/**
 * Reads around talk logging (issue #6 points 2 and 4): the children a homeroom teacher still
 * owes a talk this period, a child's last talk records, and the child a digest number means.
 * Read-only; authorisation inside (students.ts scope).
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { DomainError } from "../errors.ts";
import { scopeOf, studentsInScope } from "../students.ts";
import { admissionOf, owesTalksIn } from "./duties.ts";
import { periodOf, type TalkPeriodKind } from "../../lib/talk-period.ts";
import type { TalkCard } from "./log.ts";

/** How many children of a homeroom teacher still owe a talk in the current period. */
export interface DueTalks {
  kind: TalkPeriodKind;
  count: number;
}

/**
 * The ACTIVE children of the classes `staff` is homeroom teacher of who owe talks in the
 * period containing now (duties.ts owesTalksIn) and have fewer than TALK_REQUIRED talks
 * logged in it (by anyone), leaving out duties EXCUSED or MISSED. Computed from the children
 * and their TalkRecord rows, so it holds before the daily sweep created the TalkDuty rows.
 * Null when `staff` is homeroom teacher of no class.
 */
export async function countDueTalks(deps: Deps, staff: StaffBinding): Promise<DueTalks | null> {
  const { db, clock, settings } = deps;
  if (staff.homeroomClasses.length === 0) return null;
  const period = periodOf(settings.talkPeriod, clock.now());
  const children = await db.student.findMany({
    where: { schoolId: staff.schoolId, status: "ACTIVE", class: { homeroomTeacherId: staff.id } },
    select: { id: true, admittedAt: true, createdAt: true },
  });
  const owing = children.filter((c) => owesTalksIn(deps, admissionOf(c), period)).map((c) => c.id);
  const [talks, closed] = await Promise.all([
    db.talkRecord.groupBy({ by: ["studentId"], where: { studentId: { in: owing }, period: period.key }, _count: { _all: true } }),
    db.talkDuty.findMany({ where: { studentId: { in: owing }, period: period.key, status: { in: ["EXCUSED", "MISSED"] } }, select: { studentId: true } }),
  ]);
  const done = new Map(talks.map((t) => [t.studentId, t._count._all]));
  const skip = new Set(closed.map((d) => d.studentId));
  return { kind: period.kind, count: owing.filter((id) => !skip.has(id) && (done.get(id) ?? 0) < settings.talkRequired).length };
}

/** A child's latest talks, newest first. */
export interface TalkHistory {
  childName: string;
  className: string;
  /** Talks logged in all, of which `cards` are the latest. */
  total: number;
  cards: TalkCard[];
}

/**
 * The last `limit` (default 5) talk records of child `studentId`, newest first, for staff whose
 * scope holds the child. Throws DomainError NOT_FOUND otherwise. Staff only: talk contents are
 * never shown to guardians (the command is declared for staff).
 */
export async function listTalks(deps: Deps, input: { staff: StaffBinding; studentId: number; limit?: number }): Promise<TalkHistory> {
  const { db } = deps;
  const child = await db.student.findFirst({ where: { id: input.studentId, ...studentsInScope(scopeOf(input.staff)) }, select: { id: true, name: true, class: { select: { name: true } } } });
  if (!child) throw new DomainError("NOT_FOUND", { what: "学生" });
  const [total, rows] = await Promise.all([
    db.talkRecord.count({ where: { studentId: child.id } }),
    db.talkRecord.findMany({
      where: { studentId: child.id },
      orderBy: [{ talkedAt: "desc" }, { id: "desc" }],
      take: input.limit ?? 5,
      include: { teacher: { select: { name: true } } },
    }),
  ]);
  const classes = new Map((await db.class.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.classId))] } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]));
  const cards = rows.map((r) => ({
    talkedAt: r.talkedAt,
    timed: r.talkedAt.getTime() === r.createdAt.getTime(),
    place: r.place,
    teacherName: r.teacher.name,
    childName: child.name,
    className: classes.get(r.classId) ?? child.class.name,
    content: r.content,
    mood: r.mood,
    effect: r.effect,
    followUp: r.followUp,
  }));
  return { childName: child.name, className: child.class.name, total, cards };
}

/** What a digest number means: the child, or why there is none. */
export type DigestPick = { kind: "child"; studentId: number } | { kind: "no-digest" } | { kind: "out-of-range"; size: number; day: string };

/**
 * Child number `n` (1-based) of the latest digest (TalkDigest row, the newest `day`) sent to
 * `staffId`. The child is not checked against the scope here: the caller logs through
 * log.ts, which is.
 */
export async function pickFromDigest({ db }: Deps, input: { staffId: number; n: number }): Promise<DigestPick> {
  const digest = await db.talkDigest.findFirst({ where: { staffId: input.staffId }, orderBy: [{ day: "desc" }, { id: "desc" }] });
  if (!digest) return { kind: "no-digest" };
  const items = parseItems(digest.items);
  const id = items[input.n - 1];
  return Number.isInteger(input.n) && input.n >= 1 && id !== undefined ? { kind: "child", studentId: id } : { kind: "out-of-range", size: items.length, day: digest.day };
}

/** TalkDigest.items: a JSON array of student ids; anything else reads as empty. */
function parseItems(json: string): number[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}
