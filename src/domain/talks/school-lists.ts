/**
 * The coordinators' lists of children (issue #6 point 3): the still-due list on a period's last
 * working day and the missed list after it closed. One message per school and coordinator,
 * children grouped by class with the teacher, written in bulk: closing a month for 100 schools
 * is a few queries, not a few per school.
 */
import type { Deps } from "../deps.ts";
import { enqueueMany, type OutgoingMessage } from "../../outbox/enqueue.ts";
import type { ClassGroupView } from "../../messages/talk-duty.ts";
import { compareClasses } from "../cards.ts";
import { findByIds } from "./current.ts";

/** A duty as a coordinator's list shows it. */
export interface DutyForList {
  schoolId: number;
  classId: number;
  teacherId: number | null;
  excuseState: string | null;
  student: { name: string; studentNo: string | null };
}

/** How one school's list reads: `total` children in `groups`. */
export type ListText = (total: number, groups: ClassGroupView[]) => string;

/** Student numbers compared as text, without the cost of a locale-aware compare. */
export function compareStudentNo(a: string | null, b: string | null): number {
  const x = a ?? "";
  const y = b ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Sends every bound coordinator (active COORDINATOR/ADMIN with WeChat) of each school in
 * `duties` that school's list, made by `text`: classes in grade order with the teacher(s) the
 * duties name (a class whose teacher changed mid-period names both), children by student
 * number, open 免谈 requests flagged. Dedupe key `dedupeKey(staffId)`; delivered from `dueAt`
 * (default now). Returns the number of messages written.
 */
export async function sendSchoolLists(deps: Deps, duties: DutyForList[], text: ListText, dedupeKey: (staffId: number) => string, dueAt?: Date): Promise<number> {
  const { db, clock } = deps;
  if (duties.length === 0) return 0;
  const schoolIds = [...new Set(duties.map((d) => d.schoolId))];
  const coordinators = await findByIds(schoolIds, (ids) =>
    db.staff.findMany({ where: { schoolId: { in: ids }, active: true, role: { in: ["COORDINATOR", "ADMIN"] }, identity: { isNot: null } }, select: { id: true, schoolId: true, identity: { select: { contactId: true } } }, orderBy: { id: "asc" } }),
  );
  const classes = await findByIds([...new Set(duties.map((d) => d.classId))], (ids) => db.class.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, grade: true } }));
  const teacherIds = [...new Set(duties.map((d) => d.teacherId).filter((x): x is number => x !== null))];
  const staffName = new Map((await findByIds(teacherIds, (ids) => db.staff.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }))).map((s) => [s.id, s.name]));
  classes.sort(compareClasses);
  const bySchool = new Map<number, Map<number, DutyForList[]>>();
  for (const d of duties) {
    const school = bySchool.get(d.schoolId) ?? new Map<number, DutyForList[]>();
    bySchool.set(d.schoolId, school);
    const list = school.get(d.classId) ?? [];
    school.set(d.classId, list);
    list.push(d);
  }
  const messages: OutgoingMessage[] = [];
  for (const schoolId of schoolIds) {
    const byClass = bySchool.get(schoolId)!;
    const groups: ClassGroupView[] = classes
      .filter((c) => byClass.has(c.id))
      .map((c) => {
        const mine = byClass.get(c.id)!.sort((a, b) => compareStudentNo(a.student.studentNo, b.student.studentNo));
        const teachers = [...new Set(mine.map((d) => (d.teacherId === null ? undefined : staffName.get(d.teacherId))).filter((x): x is string => !!x))];
        return { className: c.name, teachers: teachers.join("、"), children: mine.map((d) => ({ name: d.student.name, excuseRequested: d.excuseState === "REQUESTED" })) };
      });
    const body = text(groups.reduce((n, g) => n + g.children.length, 0), groups);
    for (const c of coordinators.filter((x) => x.schoolId === schoolId)) messages.push({ dedupeKey: dedupeKey(c.id), to: { kind: "CONTACT", id: c.identity!.contactId }, text: body });
  }
  await enqueueMany(db, messages, clock.now(), dueAt);
  return messages.length;
}
