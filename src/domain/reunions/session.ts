/**
 * One reunion session as stored, with its people (the ReunionParticipant rows and the
 * supervisor), for everything that happens after booking: reminders, changes, confirmation,
 * attendance. Instants are epoch ms.
 */
import type { Tx } from "../../db/client.ts";
import { RELATION_LABEL } from "../../messages/zh.ts";
import type { Participant, SessionFacts } from "./booking-people.ts";
import type { ReunionStatus } from "../../generated/prisma/enums.ts";

/** A stored session: facts, status, the people, and who booked or asked for it. */
export interface StoredSession extends SessionFacts {
  schoolId: number;
  studentId: number;
  roomId: number;
  status: ReunionStatus;
  seriesKey: string | null;
  requestedById: number | null;
  bookedById: number | null;
  /** PARENT rows: on the call; `confirmedAt` epoch ms or null. */
  parents: (Participant & { confirmedAt: number | null })[];
  /** CAREGIVER rows: informed. */
  caregivers: Participant[];
  supervisor: Participant | null;
}

/** Session `id` with its people, or null when there is no such session. */
export async function loadSession(db: Tx, id: number): Promise<StoredSession | null> {
  const s = await db.reunionSession.findUnique({
    where: { id },
    include: {
      room: { select: { name: true } },
      participants: { orderBy: { guardianId: "asc" } },
    },
  });
  if (!s) return null;
  const [student, guardians, supervisor] = await Promise.all([
    db.student.findUnique({ where: { id: s.studentId }, select: { name: true, class: { select: { name: true } } } }),
    db.guardian.findMany({ where: { id: { in: s.participants.map((p) => p.guardianId) } }, select: { id: true, name: true, relation: true, workCity: true, identity: { select: { contactId: true } } } }),
    s.supervisorId === null ? null : db.staff.findUnique({ where: { id: s.supervisorId }, select: { id: true, name: true, identity: { select: { contactId: true } } } }),
  ]);
  const byId = new Map(guardians.map((g) => [g.id, g]));
  const person = (guardianId: number): Participant => {
    const g = byId.get(guardianId)!;
    return { id: g.id, name: g.name, label: RELATION_LABEL[g.relation], contactId: g.identity?.contactId ?? null, workCity: g.workCity };
  };
  return {
    id: s.id,
    start: s.startAt.getTime(),
    end: s.endAt.getTime(),
    roomName: s.room.name,
    childName: student?.name ?? "",
    className: student?.class.name ?? "",
    schoolId: s.schoolId,
    studentId: s.studentId,
    roomId: s.roomId,
    status: s.status,
    seriesKey: s.seriesKey,
    requestedById: s.requestedById,
    bookedById: s.bookedById,
    parents: s.participants.filter((p) => p.role === "PARENT").map((p) => ({ ...person(p.guardianId), confirmedAt: p.confirmedAt?.getTime() ?? null })),
    caregivers: s.participants.filter((p) => p.role === "CAREGIVER").map((p) => person(p.guardianId)),
    supervisor: supervisor ? { id: supervisor.id, name: supervisor.name, label: "老师", contactId: supervisor.identity?.contactId ?? null } : null,
  };
}
