/**
 * Growth diary (成长日记, issue #6 point 5). Decision: any staff member with the child in scope
 * may write (the mentor first of all, whose scope includes the paired child; also the child's
 * teachers and coordinators), since a diary is about the child's growth whoever notices it;
 * the mentor's reminder (reminders.ts) counts every entry about the child. Staff only: entries
 * are never shown to guardians.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { recordAudit } from "../audit.ts";
import { getChildInScope, shanghaiNoon, todayOf, type CareChild } from "./common.ts";

/** What {@link addDiaryEntry} did: nothing for a child no longer ACTIVE, else the entry and its day. */
export type DiaryResult = { kind: "inactive"; child: CareChild } | { kind: "added"; entryId: number; child: CareChild; day: string };

/**
 * Writes `content` to child `studentId`'s growth diary for Shanghai date `day` (`YYYY-MM-DD`,
 * today or past; default today), stored at that day's noon (DiaryEntry.writtenAt). Audited as
 * `diary` (without the content). Throws DomainError NOT_FOUND when the child is outside
 * `staff`'s scope.
 */
export async function addDiaryEntry(deps: Deps, input: { staff: StaffBinding; studentId: number; content: string; day?: string }): Promise<DiaryResult> {
  const { db, clock } = deps;
  const child = await getChildInScope(deps, input.staff, input.studentId);
  if (child.status !== "ACTIVE") return { kind: "inactive", child };
  const now = clock.now();
  const day = input.day ?? todayOf(deps);
  const row = await db.diaryEntry.create({ data: { studentId: child.id, authorId: input.staff.id, writtenAt: shanghaiNoon(day), content: input.content, createdAt: now } });
  await recordAudit(db, now, { type: "STAFF", id: input.staff.id }, "diary", "Student", child.id, { entryId: row.id, day });
  return { kind: "added", entryId: row.id, child, day };
}
