/**
 * Reading reunion sessions (issue #5 point 7): `日程` (sessions per room for a day or a week),
 * `视频记录` (a child's history), and the lines other views add: the next booked session in a
 * guardian's `孩子近况` and the `亲情视频：` line of a child's file (档案).
 *
 * Who sees what (decision, children's data): coordinators and admins the whole school; a teacher
 * sees every room's occupancy (times and status) but the child, class and supervisor only for
 * children in their scope (students.ts studentsInScope) or sessions they supervise; guardians
 * only their own children's sessions, without staff notes. Days are Asia/Shanghai dates.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import type { ReunionStatus } from "../../generated/prisma/enums.ts";
import { scopeOf, studentsInScope } from "../students.ts";
import { termStartOf } from "../care/reminders.ts";
import { shanghaiInstant } from "../../lib/session-time.ts";
import { dateOfDayNumber, dayNumberOf, shanghaiDateOf } from "../../lib/work-calendar.ts";

/** Statuses shown by `日程` (a place taken or used); cancelled and rejected ones are left out. */
const LISTED: ReunionStatus[] = ["REQUESTED", "BOOKED", "HELD", "NO_ANSWER", "ABSENT"];

/** A day range: `days` Shanghai dates from `from` (`YYYY-MM-DD`). */
export interface DayRange {
  from: string;
  days: number;
}

/** Monday-first weekday (1..7) of Shanghai date `date`. */
const isoWeekday = (date: string) => ((new Date(dayNumberOf(date) * 86_400_000).getUTCDay() + 6) % 7) + 1;

/** `本周` (offset 0) or `下周` (1) around Shanghai date `today`: Monday to Sunday. */
export function weekOf(today: string, offset: number): DayRange {
  return { from: dateOfDayNumber(dayNumberOf(today) - isoWeekday(today) + 1 + offset * 7), days: 7 };
}

/** One session in a `日程` list; `childName` etc. null when hidden from the reader. Instants epoch ms. */
export interface ScheduleItem {
  id: number;
  start: number;
  end: number;
  status: ReunionStatus;
  childName: string | null;
  className: string | null;
  supervisorName: string | null;
}

/** One room of a `日程` list with its sessions in time order. */
export interface RoomDay {
  roomName: string;
  items: ScheduleItem[];
}

/**
 * The sessions of `staff`'s school starting within `range`, per room (rooms by id, sessions by
 * start), cancelled and rejected left out; names hidden from a teacher outside their scope (see
 * the module comment). [] when there are none.
 */
export async function staffSchedule(deps: Deps, staff: StaffBinding, range: DayRange): Promise<RoomDay[]> {
  const { db } = deps;
  const from = shanghaiInstant(range.from, 0, 0);
  const to = shanghaiInstant(range.from, 0, 0, range.days);
  const rows = await db.reunionSession.findMany({
    where: { schoolId: staff.schoolId, status: { in: LISTED }, startAt: { gte: from, lt: to } },
    orderBy: [{ roomId: "asc" }, { startAt: "asc" }, { id: "asc" }],
    include: { room: { select: { name: true } } },
  });
  const ids = [...new Set(rows.map((r) => r.studentId))];
  const scope = scopeOf(staff);
  const [students, people] = await Promise.all([
    db.student.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, class: { select: { name: true } } } }),
    db.staff.findMany({ where: { id: { in: rows.flatMap((r) => (r.supervisorId === null ? [] : [r.supervisorId])) } }, select: { id: true, name: true } }),
  ]);
  const visible = new Set(scope.teacherId === null ? ids : (await db.student.findMany({ where: { id: { in: ids }, ...studentsInScope(scope) }, select: { id: true } })).map((s) => s.id));
  const child = new Map(students.map((s) => [s.id, s]));
  const names = new Map(people.map((p) => [p.id, p.name]));
  const rooms = new Map<number, RoomDay>();
  for (const r of rows) {
    const shown = visible.has(r.studentId) || r.supervisorId === staff.id;
    const c = child.get(r.studentId);
    const item: ScheduleItem = {
      id: r.id,
      start: r.startAt.getTime(),
      end: r.endAt.getTime(),
      status: r.status,
      childName: shown ? (c?.name ?? "") : null,
      className: shown ? (c?.class.name ?? "") : null,
      supervisorName: shown && r.supervisorId !== null ? (names.get(r.supervisorId) ?? null) : null,
    };
    const room = rooms.get(r.roomId) ?? { roomName: r.room.name, items: [] };
    room.items.push(item);
    rooms.set(r.roomId, room);
  }
  return [...rooms.values()];
}

/** A guardian's view of one session: their child, time, room, status. Instants epoch ms. */
export interface FamilySession {
  id: number;
  childName: string;
  start: number;
  end: number;
  roomName: string;
  status: ReunionStatus;
  /** Why it was cancelled or rejected (the reason the family was told), else null. */
  reason: string | null;
}

const familyOf = (r: { id: number; startAt: Date; endAt: Date; status: ReunionStatus; changeReason: string | null; room: { name: string } }, childName: string): FamilySession => ({
  id: r.id,
  childName,
  start: r.startAt.getTime(),
  end: r.endAt.getTime(),
  roomName: r.room.name,
  status: r.status,
  reason: r.status === "CANCELLED" || r.status === "REJECTED" ? r.changeReason : null,
});

/** The coming sessions (REQUESTED or BOOKED, not yet ended at now) of `children`, by start; at most `limit`. */
export async function upcomingForFamily({ db, clock }: Deps, children: { id: number; name: string }[], limit = 10): Promise<FamilySession[]> {
  const name = new Map(children.map((c) => [c.id, c.name]));
  const rows = await db.reunionSession.findMany({
    where: { studentId: { in: [...name.keys()] }, status: { in: ["REQUESTED", "BOOKED"] }, endAt: { gt: clock.now() } },
    orderBy: [{ startAt: "asc" }, { id: "asc" }],
    take: limit,
    include: { room: { select: { name: true } } },
  });
  return rows.map((r) => familyOf(r, name.get(r.studentId) ?? ""));
}

/** One session of a child's history as staff read it (note, who changed it, the reason). */
export interface HistoryItem extends FamilySession {
  note: string | null;
  changedByName: string | null;
  changeReason: string | null;
}

/** How many sessions of a child's history are shown. */
export const HISTORY_LIMIT = 20;

/**
 * Child `studentId`'s sessions, newest first (at most {@link HISTORY_LIMIT}), every status, and
 * the total count. The caller checks the reader may see the child.
 */
export async function childHistory({ db }: Deps, studentId: number, childName: string): Promise<{ items: HistoryItem[]; total: number; held: number }> {
  const [rows, total, held] = await Promise.all([
    db.reunionSession.findMany({ where: { studentId }, orderBy: [{ startAt: "desc" }, { id: "desc" }], take: HISTORY_LIMIT, include: { room: { select: { name: true } } } }),
    db.reunionSession.count({ where: { studentId } }),
    db.reunionSession.count({ where: { studentId, status: "HELD" } }),
  ]);
  const staffIds = [...new Set(rows.flatMap((r) => (r.changedById === null ? [] : [r.changedById])))];
  const names = new Map((await db.staff.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const items = rows.map((r) => ({ ...familyOf(r, childName), note: r.note, changeReason: r.changeReason, changedByName: r.changedById === null ? null : (names.get(r.changedById) ?? null) }));
  return { items, total, held };
}

/** The next BOOKED session (start after now) of each of `studentIds`: studentId -> `{start, end}` epoch ms. */
export async function nextBookedOf({ db, clock }: Pick<Deps, "db" | "clock">, studentIds: number[]): Promise<Map<number, { start: number; end: number }>> {
  const rows = await db.reunionSession.findMany({
    where: { studentId: { in: studentIds }, status: "BOOKED", startAt: { gt: clock.now() } },
    orderBy: [{ startAt: "asc" }, { id: "asc" }],
    select: { studentId: true, startAt: true, endAt: true },
  });
  const out = new Map<number, { start: number; end: number }>();
  for (const r of rows) if (!out.has(r.studentId)) out.set(r.studentId, { start: r.startAt.getTime(), end: r.endAt.getTime() });
  return out;
}

/** The reunion facts of a child's file (档案). Instants epoch ms. */
export interface FileReunions {
  lastHeld: number | null;
  /** HELD sessions since `termStart` (SCHOOL_TERMS), or in all when no term is set. */
  heldCount: number;
  termStart: string | null;
  next: { start: number; end: number } | null;
}

/** The `亲情视频：` facts of child `studentId`, or null when the child never had a session. The caller checks scope. */
export async function fileReunions(deps: Deps, studentId: number): Promise<FileReunions | null> {
  const { db, clock, settings } = deps;
  if ((await db.reunionSession.count({ where: { studentId } })) === 0) return null;
  const termStart = termStartOf(settings.schoolTerms, shanghaiDateOf(clock.now()));
  const [last, heldCount, next] = await Promise.all([
    db.reunionSession.findFirst({ where: { studentId, status: "HELD" }, orderBy: { startAt: "desc" }, select: { startAt: true } }),
    db.reunionSession.count({ where: { studentId, status: "HELD", ...(termStart ? { startAt: { gte: shanghaiInstant(termStart, 0, 0) } } : {}) } }),
    nextBookedOf(deps, [studentId]),
  ]);
  return { lastHeld: last?.startAt.getTime() ?? null, heldCount, termStart, next: next.get(studentId) ?? null };
}
