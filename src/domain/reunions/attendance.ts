/**
 * After a reunion session (issue #5 point 7): the supervising teacher, the child's homeroom
 * teacher or a coordinator of the school marks it `完成` (HELD), `未接通` (NO_ANSWER: the parent
 * did not answer) or `缺席` (ABSENT: the child did not come).
 *
 * Rules (decisions noted):
 * - Only BOOKED sessions whose start has passed (deps.clock) are marked; earlier, the caller is
 *   told when it starts.
 * - A marked session is not marked again by a teacher (they are told what it was marked and by
 *   whom). A coordinator may correct it to another status; the correction is recorded
 *   (changeReason `更正：<旧>→<新>`, changedById, AuditLog `reunion.correct`).
 * - HELD moves Student.lastParentContactAt to the session's start when later (contact.ts
 *   touchParentContact; a later correction never moves it back).
 * - Parents: nothing on HELD (they were on the call); on NO_ANSWER and ABSENT each bound parent
 *   of the session gets a short, kind note through the outbox saying they can book again.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import type { ReunionStatus } from "../../generated/prisma/enums.ts";
import { recordAudit } from "../audit.ts";
import { touchParentContact } from "../contact.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { loadSession, type StoredSession } from "./session.ts";
import { markNoticeText } from "../../messages/reunion-records.ts";

/** The statuses a mark sets. */
export type MarkStatus = "HELD" | "NO_ANSWER" | "ABSENT";
const MARKED: ReadonlySet<ReunionStatus> = new Set(["HELD", "NO_ANSWER", "ABSENT"]);

/** What {@link markSession} did. Instants are epoch ms. */
export type MarkResult =
  /** Marked (or corrected, with `previous`); `notified`: parents told (NO_ANSWER/ABSENT). */
  | { kind: "marked"; session: StoredSession; status: MarkStatus; previous: MarkStatus | null; notified: string[] }
  /** No such session in the sender's school, or the sender may not mark it (not told apart). */
  | { kind: "not-found" }
  /** Not BOOKED and never marked (REQUESTED, CANCELLED, REJECTED). */
  | { kind: "not-booked"; session: StoredSession }
  /** The session has not started yet. */
  | { kind: "not-started"; session: StoredSession }
  /** Already marked; `by` the staff name who marked it (null: unknown), `at` when. */
  | { kind: "already"; session: StoredSession; status: MarkStatus; by: string | null; at: number };

/** Whether `staff` may mark session `s`: its supervisor, the child's homeroom teacher, or a coordinator of the school. */
async function mayMark({ db }: Deps, staff: StaffBinding, s: StoredSession): Promise<boolean> {
  if (s.schoolId !== staff.schoolId) return false;
  if (staff.role !== "TEACHER" || s.supervisor?.id === staff.id) return true;
  const child = await db.student.findUnique({ where: { id: s.studentId }, select: { class: { select: { homeroomTeacherId: true } } } });
  return child?.class.homeroomTeacherId === staff.id;
}

/**
 * Marks session `id` with `status` and an optional `note` (kept as typed, trimmed; empty = no
 * change of the stored note) by `staff`, in the caller's transaction at deps.clock.now().
 * Writes changedById, an AuditLog row (`reunion.mark` or `reunion.correct`), moves the child's
 * last parent contact on HELD and queues the parents' note on NO_ANSWER/ABSENT (dedupe key
 * `reunion-mark:<id>:<status>`). See the module comment for the rules.
 */
export async function markSession(deps: Deps, staff: StaffBinding, id: number, status: MarkStatus, note: string): Promise<MarkResult> {
  const { db, clock } = deps;
  const s = await loadSession(db, id);
  if (!s || !(await mayMark(deps, staff, s))) return { kind: "not-found" };
  const now = clock.now();
  let previous: MarkStatus | null = null;
  if (MARKED.has(s.status)) {
    previous = s.status as MarkStatus;
    if (staff.role === "TEACHER" || previous === status) {
      const row = await db.reunionSession.findUniqueOrThrow({ where: { id }, select: { changedById: true, updatedAt: true } });
      const by = row.changedById === null ? null : ((await db.staff.findUnique({ where: { id: row.changedById }, select: { name: true } }))?.name ?? null);
      return { kind: "already", session: s, status: previous, by, at: row.updatedAt.getTime() };
    }
  } else if (s.status !== "BOOKED") return { kind: "not-booked", session: s };
  if (s.start > now.getTime()) return { kind: "not-started", session: s };
  const reason = previous ? markNoticeText.correction(previous, status) : null;
  // Guarded by the status read above: a concurrent mark in between makes this one a no-op.
  const changed = await db.reunionSession.updateMany({
    where: { id, status: s.status },
    data: { status, changedById: staff.id, updatedAt: now, ...(note ? { note } : {}), ...(reason ? { changeReason: reason } : {}) },
  });
  if (changed.count === 0) return markSession(deps, staff, id, status, note);
  await recordAudit(db, now, { type: "STAFF", id: staff.id }, previous ? "reunion.correct" : "reunion.mark", "ReunionSession", id, { status, previous, note: note || null });
  if (status === "HELD") await touchParentContact(deps, [s.studentId], new Date(s.start));
  const notified: string[] = [];
  if (status !== "HELD") {
    for (const p of s.parents) {
      if (!p.contactId) continue;
      await enqueue(db, { dedupeKey: `reunion-mark:${id}:${status}:${p.id}`, to: { kind: "CONTACT", id: p.contactId }, text: markNoticeText.parent(status, s) }, now);
      notified.push(`${p.name}（${p.label}）`);
    }
  }
  return { kind: "marked", session: { ...s, status }, status, previous, notified };
}
