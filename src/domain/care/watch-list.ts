/**
 * The watch list in chat (重点关注, issue #6 point 6): a coordinator's `关注` / `取消关注`, and
 * `关注名单` for staff (coordinators the school, teachers the children in their scope) with each
 * child's level, reason, since when, last talk (TalkRecord) and last contact with the parents
 * (Student.lastParentContactAt). Entries themselves are written by watch.ts watchChild.
 * Staff only: nothing here is ever shown to guardians.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import type { GuardianshipLevel } from "../../generated/prisma/enums.ts";
import { recordAudit } from "../audit.ts";
import { compareClasses } from "../cards.ts";
import { studentsInScope, type StudentScope } from "../students.ts";
import { watchChild } from "./watch.ts";
import { getChildInScope, requireCoordinator, type CareChild } from "./common.ts";

/** The words for the national form's guardianship levels (较好 / 一般 / 差), and common variants. */
export const LEVEL_WORDS: Record<string, GuardianshipLevel> = {
  较好: "GOOD", 良好: "GOOD", 好: "GOOD", 很好: "GOOD", 比较好: "GOOD",
  一般: "FAIR", 中: "FAIR", 中等: "FAIR", 一般般: "FAIR", 还行: "FAIR",
  差: "POOR", 较差: "POOR", 很差: "POOR", 比较差: "POOR", 非常差: "POOR",
};

/**
 * `[较好|一般|差] <原因>` -> level (default FAIR, 一般) and reason (may be empty). The level word
 * must stand first, followed by a space or a separator, or be the whole text. Pure.
 */
export function parseWatchArgs(text: string): { level: GuardianshipLevel; reason: string } {
  const m = /^(\S+?)(?:[\s,，:：、]+([\s\S]*))?$/u.exec(text.trim());
  const level = m ? LEVEL_WORDS[m[1]!] : undefined;
  if (!m || !level) return { level: "FAIR", reason: text.trim() };
  return { level, reason: (m[2] ?? "").trim() };
}

/** What {@link watchFromCoordinator} did. */
export type WatchAddResult = { kind: "inactive"; child: CareChild } | { kind: "watched"; child: CareChild; created: boolean; level: GuardianshipLevel };

/**
 * Puts child `studentId` on the watch list (source COORDINATOR) or updates its open entry.
 * A child no longer ACTIVE is not added (kind "inactive"). Throws DomainError FORBIDDEN for a
 * teacher, NOT_FOUND for a child outside the coordinator's school.
 */
export async function watchFromCoordinator(deps: Deps, input: { coordinator: StaffBinding; studentId: number; level: GuardianshipLevel; reason: string }): Promise<WatchAddResult> {
  requireCoordinator(input.coordinator);
  const child = await getChildInScope(deps, input.coordinator, input.studentId);
  if (child.status !== "ACTIVE") return { kind: "inactive", child };
  const r = await watchChild(deps, { schoolId: child.schoolId, studentId: child.id, level: input.level, reason: input.reason, source: "COORDINATOR", staffId: input.coordinator.id });
  return { kind: "watched", child, created: r.created, level: input.level };
}

/**
 * Ends child `studentId`'s open watch entry (endedAt, endedById); kind "none" when it has none.
 * Audited as `unwatch`. Throws DomainError FORBIDDEN for a teacher, NOT_FOUND for a child
 * outside the coordinator's school.
 */
export async function unwatchChild(deps: Deps, input: { coordinator: StaffBinding; studentId: number }): Promise<{ kind: "none" | "ended"; child: CareChild }> {
  const { db, clock } = deps;
  requireCoordinator(input.coordinator);
  const child = await getChildInScope(deps, input.coordinator, input.studentId);
  const open = await db.watchEntry.findFirst({ where: { studentId: child.id, endedAt: null } });
  if (!open) return { kind: "none", child };
  const now = clock.now();
  await db.watchEntry.update({ where: { id: open.id }, data: { endedAt: now, endedById: input.coordinator.id } });
  await recordAudit(db, now, { type: "STAFF", id: input.coordinator.id }, "unwatch", "Student", child.id, { entryId: open.id });
  return { kind: "ended", child };
}

/** One line of `关注名单`. */
export interface WatchedChild {
  studentId: number;
  name: string;
  className: string;
  level: GuardianshipLevel;
  reason: string;
  /** TALK (a talk marked 需关注) or COORDINATOR. */
  source: string;
  since: Date;
  /** The latest TalkRecord.talkedAt, or null. */
  lastTalkAt: Date | null;
  lastParentContactAt: Date | null;
}

const LEVEL_RANK: Record<GuardianshipLevel, number> = { POOR: 0, FAIR: 1, GOOD: 2 };

/**
 * The open watch entries of ACTIVE children in `scope`, sorted by level (差 first), then since
 * when (oldest first), then class and student number.
 */
export async function listWatched({ db }: Deps, scope: StudentScope): Promise<WatchedChild[]> {
  const rows = await db.watchEntry.findMany({
    where: { schoolId: scope.schoolId, endedAt: null, student: { status: "ACTIVE", ...studentsInScope(scope) } },
    select: {
      level: true,
      reason: true,
      source: true,
      addedAt: true,
      student: { select: { id: true, name: true, studentNo: true, lastParentContactAt: true, class: { select: { id: true, name: true, grade: true } } } },
    },
  });
  const talks = await db.talkRecord.groupBy({ by: ["studentId"], where: { studentId: { in: rows.map((r) => r.student.id) } }, _max: { talkedAt: true } });
  const lastTalk = new Map(talks.map((t) => [t.studentId, t._max.talkedAt]));
  rows.sort(
    (a, b) =>
      LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
      a.addedAt.getTime() - b.addedAt.getTime() ||
      compareClasses(a.student.class, b.student.class) ||
      (a.student.studentNo ?? "").localeCompare(b.student.studentNo ?? "") ||
      a.student.id - b.student.id,
  );
  return rows.map((r) => ({
    studentId: r.student.id,
    name: r.student.name,
    className: r.student.class.name,
    level: r.level,
    reason: r.reason,
    source: r.source,
    since: r.addedAt,
    lastTalkAt: lastTalk.get(r.student.id) ?? null,
    lastParentContactAt: r.student.lastParentContactAt,
  }));
}
