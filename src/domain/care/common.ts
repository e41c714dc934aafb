/**
 * Shared pieces of the care features (issue #6 points 5-6): the child a record is about, the
 * WeChat contact of a staff member, and Asia/Shanghai day arithmetic on `YYYY-MM-DD` strings.
 */
import type { Deps } from "../deps.ts";
import type { Tx } from "../../db/client.ts";
import type { StaffBinding } from "../identities.ts";
import type { StudentStatus } from "../../generated/prisma/enums.ts";
import { DomainError } from "../errors.ts";
import { scopeOf, studentsInScope } from "../students.ts";
import { dayNumberOf, shanghaiDateOf } from "../../lib/work-calendar.ts";
import { shanghaiMidnight } from "../../lib/talk-period.ts";

/** A child as care records name it. */
export interface CareChild {
  id: number;
  schoolId: number;
  name: string;
  classId: number;
  className: string;
  status: StudentStatus;
  statusReason: string | null;
}

const CHILD_SELECT = { id: true, schoolId: true, name: true, classId: true, status: true, statusReason: true, class: { select: { name: true } } } as const;

/**
 * Child `studentId` when it is in `staff`'s scope (domain/students.ts: coordinators the school,
 * teachers their classes and the children paired with them). Throws DomainError NOT_FOUND
 * otherwise (a child outside the scope is not told apart from one that does not exist).
 */
export async function getChildInScope({ db }: Deps, staff: StaffBinding, studentId: number): Promise<CareChild> {
  const s = await db.student.findFirst({ where: { id: studentId, ...studentsInScope(scopeOf(staff)) }, select: CHILD_SELECT });
  if (!s) throw new DomainError("NOT_FOUND", { what: "学生" });
  return { id: s.id, schoolId: s.schoolId, name: s.name, classId: s.classId, className: s.class.name, status: s.status, statusReason: s.statusReason };
}

/** Throws DomainError FORBIDDEN unless `staff` is a coordinator or admin (pairing and the watch list are theirs). */
export function requireCoordinator(staff: StaffBinding): void {
  if (staff.role === "TEACHER") throw new DomainError("FORBIDDEN");
}

/** The WeChat contact of staff member `staffId` when active and bound; otherwise null (they get nothing). */
export async function staffContact(db: Tx, staffId: number): Promise<string | null> {
  const s = await db.staff.findUnique({ where: { id: staffId }, select: { active: true, identity: { select: { contactId: true } } } });
  return s?.active ? (s.identity?.contactId ?? null) : null;
}

/** Noon of Asia/Shanghai date `day` (`YYYY-MM-DD`), the instant stored for a record dated by day. */
export function shanghaiNoon(day: string): Date {
  return new Date(shanghaiMidnight(day).getTime() + 12 * 3_600_000);
}

/** Whole calendar days from the Shanghai date of `from` to Shanghai date `today` (0 the same day). */
export function daysSince(from: Date, today: string): number {
  return dayNumberOf(today) - dayNumberOf(shanghaiDateOf(from));
}

/** Today's Asia/Shanghai date (`YYYY-MM-DD`) at the injected clock's now. */
export function todayOf({ clock }: Pick<Deps, "clock">): string {
  return shanghaiDateOf(clock.now());
}
