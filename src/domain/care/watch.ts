/**
 * The watch list (重点关注, issue #6 point 6): children at risk, each with the national 2016
 * registration form's guardianship level (较好 GOOD / 一般 FAIR / 差 POOR) and a free reason.
 * A child is put on it by a talk marked 需关注 (source TALK) or by a coordinator (COORDINATOR).
 * Staff only: nothing here is ever shown to guardians.
 */
import type { Deps } from "../deps.ts";
import type { GuardianshipLevel } from "../../generated/prisma/enums.ts";
import { recordAudit } from "../audit.ts";

/** What {@link watchChild} did: a new entry, or the open entry updated (level and reason). */
export interface WatchResult {
  entryId: number;
  created: boolean;
}

/**
 * Puts child `studentId` on the watch list, or updates the open entry's level and reason
 * (a child is on the list at most once). Authorisation is the caller's (a talk the teacher may
 * log, or a coordinator's command). Audited as `watch`. Runs in the caller's transaction.
 */
export async function watchChild(
  deps: Deps,
  input: { schoolId: number; studentId: number; level: GuardianshipLevel; reason: string; source: "TALK" | "COORDINATOR"; talkId?: number; staffId: number },
): Promise<WatchResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const open = await db.watchEntry.findFirst({ where: { studentId: input.studentId, endedAt: null } });
  let entryId: number;
  if (open) {
    await db.watchEntry.update({ where: { id: open.id }, data: { level: input.level, reason: input.reason } });
    entryId = open.id;
  } else {
    const row = await db.watchEntry.create({
      data: { schoolId: input.schoolId, studentId: input.studentId, level: input.level, reason: input.reason, source: input.source, talkId: input.talkId ?? null, addedById: input.staffId, addedAt: now },
    });
    entryId = row.id;
  }
  await recordAudit(db, now, { type: "STAFF", id: input.staffId }, "watch", "Student", input.studentId, { level: input.level, source: input.source, updated: Boolean(open) });
  return { entryId, created: !open };
}
