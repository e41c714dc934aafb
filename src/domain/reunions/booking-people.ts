/**
 * Who takes part in a reunion video session (issue #5 point 3) and how each is told of a
 * booking: the bound parents working away (called, PARENT), the caregivers at home (informed,
 * CAREGIVER), and the supervising staff member (default: the class's homeroom teacher).
 */
import type { Deps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { RELATION_LABEL } from "../../messages/zh.ts";
import { bookingNoticeText } from "../../messages/reunion-booking.ts";

/** A participant; `contactId` null when not bound to WeChat (told nothing). `label`: 爸爸, 奶奶 ... */
export interface Participant {
  id: number;
  name: string;
  label: string;
  contactId: string | null;
  /** Where a parent works (free text): gives the local time zone abroad (lib/world-time.ts). */
  workCity?: string | null;
}

/** The child and the people of a session. `parents` are bound by definition. */
export interface BookingPeople {
  childName: string;
  className: string;
  parents: Participant[];
  caregivers: Participant[];
  supervisor: Participant | null;
}

/**
 * The child `studentId` of school `schoolId` with its participants. The supervisor is the
 * active staff member named `teacherName` (exact; "UNKNOWN_TEACHER" when none or several), else
 * the class's homeroom teacher (null when the class has none). Throws DomainError NOT_FOUND when
 * the child is not in the school.
 */
export async function loadParticipants({ db }: Deps, schoolId: number, studentId: number, teacherName: string | null): Promise<BookingPeople | "UNKNOWN_TEACHER"> {
  const s = await db.student.findFirst({
    where: { id: studentId, schoolId },
    select: {
      name: true,
      class: { select: { name: true, homeroomTeacher: { select: { id: true, name: true, active: true, identity: { select: { contactId: true } } } } } },
      guardians: { select: { guardian: { select: { id: true, name: true, relation: true, worksAway: true, isCaregiver: true, workCity: true, identity: { select: { contactId: true } } } } } },
    },
  });
  if (!s) throw new DomainError("NOT_FOUND", { what: "student" });
  let supervisor: Participant | null = null;
  if (teacherName !== null) {
    const found = await db.staff.findMany({ where: { schoolId, active: true, name: teacherName.trim() }, select: { id: true, name: true, identity: { select: { contactId: true } } } });
    if (found.length !== 1) return "UNKNOWN_TEACHER";
    const t = found[0]!;
    supervisor = { id: t.id, name: t.name, label: "老师", contactId: t.identity?.contactId ?? null };
  } else {
    const t = s.class.homeroomTeacher;
    if (t?.active) supervisor = { id: t.id, name: t.name, label: "老师", contactId: t.identity?.contactId ?? null };
  }
  const people = s.guardians.map((g) => g.guardian).sort((a, b) => a.id - b.id);
  const as = (g: (typeof people)[number]): Participant => ({ id: g.id, name: g.name, label: RELATION_LABEL[g.relation], contactId: g.identity?.contactId ?? null, workCity: g.workCity });
  return {
    childName: s.name,
    className: s.class.name,
    parents: people.filter((g) => g.worksAway && g.identity).map(as),
    caregivers: people.filter((g) => g.isCaregiver && !g.worksAway).map(as),
    supervisor,
  };
}

/** The session's time and room as everyone reads them. */
export interface SessionFacts {
  id: number;
  start: number;
  end: number;
  roomName: string;
  childName: string;
  className: string;
}

/**
 * Tells the bound parents (be reachable on WeChat video), caregivers (bring the child) and
 * supervisor (room and child) of session `id` through the outbox, once each (dedupe keys
 * `reunion-booked:<id>:<role>:<recordId>`). One contact holding two records gets one message per record.
 */
export async function notifyBooking({ db, clock }: Deps, id: number, p: BookingPeople & { start: number; end: number; roomName: string }): Promise<void> {
  const now = clock.now();
  const facts: SessionFacts = { id, start: p.start, end: p.end, roomName: p.roomName, childName: p.childName, className: p.className };
  const send = (key: string, contactId: string | null, text: string) => (contactId ? enqueue(db, { dedupeKey: `reunion-booked:${id}:${key}`, to: { kind: "CONTACT", id: contactId }, text }, now) : null);
  for (const g of p.parents) await send(`parent:${g.id}`, g.contactId, bookingNoticeText.parent(facts, p.supervisor?.name ?? null, g.workCity));
  for (const g of p.caregivers) await send(`carer:${g.id}`, g.contactId, bookingNoticeText.caregiver(facts, p.parents));
  if (p.supervisor) await send(`staff:${p.supervisor.id}`, p.supervisor.contactId, bookingNoticeText.supervisor(facts, p.parents));
}
