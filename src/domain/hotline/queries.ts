/**
 * Hotline lists and threads (issue #4 points 5 and 7): a teacher's open requests, the school's
 * open requests for coordinators (overdue first), a guardian's own requests, and one thread.
 * Families never see internal notes, transfers, reminders or escalations.
 */
import type { Deps } from "../deps.ts";
import type { SenderProfile, StaffBinding } from "../identities.ts";
import { DomainError } from "../errors.ts";
import { RELATION_LABEL } from "../../messages/zh.ts";
import { entryBody, type RequestLine, type ThreadLine } from "../../messages/hotline.ts";
import type { GuardianRelation } from "../../generated/prisma/enums.ts";
import { calendarOf, requestForStaff } from "./common.ts";

const listInclude = {
  entries: { where: { kind: "FAMILY" }, orderBy: { id: "desc" as const }, take: 1 },
} as const;

type Row = Awaited<ReturnType<Deps["db"]["hotlineRequest"]["findMany"]>>[number] & { entries: { messageKind: string; text: string; attachmentError: string | null }[] };

async function toLines(deps: Deps, rows: Row[]): Promise<RequestLine[]> {
  const { db, clock } = deps;
  const now = clock.now();
  const cal = calendarOf(deps);
  const students = new Map((await db.student.findMany({ where: { id: { in: rows.map((r) => r.studentId) } }, select: { id: true, name: true, class: { select: { name: true } } } })).map((s) => [s.id, s]));
  const guardianIds = rows.map((r) => r.guardianId).filter((g): g is number => g !== null);
  const guardians = new Map((await db.guardian.findMany({ where: { id: { in: guardianIds } }, select: { id: true, name: true, relation: true, relationLabel: true } })).map((g) => [g.id, g]));
  const staffIds = rows.map((r) => r.assigneeId).filter((g): g is number => g !== null);
  const staff = new Map((await db.staff.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  return rows.map((r) => {
    const s = students.get(r.studentId);
    const g = r.guardianId !== null ? guardians.get(r.guardianId) : undefined;
    const last = r.entries[0];
    return {
      id: r.id,
      childName: s?.name ?? "?",
      className: s?.class.name ?? "",
      who: g ? `${g.relationLabel ?? RELATION_LABEL[g.relation as GuardianRelation]}${g.name}` : "来电",
      status: r.status,
      waitedWorkMin: r.status === "OPEN" && r.waitingSince ? cal.workingMinutesBetween(r.waitingSince, now) : null,
      overdue: r.status === "OPEN" && r.dueAt !== null && r.dueAt <= now,
      assignee: r.assigneeId !== null ? (staff.get(r.assigneeId) ?? null) : null,
      preview: last ? entryBody(last) : "",
      lastActivityAt: r.lastActivityAt,
    };
  });
}

/** A teacher's open requests (assigned to them), longest waiting first, and how many answered ones are still open. */
export async function myOpenRequests(deps: Deps, staff: StaffBinding): Promise<{ lines: RequestLine[]; answered: number }> {
  const rows = await deps.db.hotlineRequest.findMany({ where: { assigneeId: staff.id, status: "OPEN" }, include: listInclude, orderBy: [{ waitingSince: "asc" }, { id: "asc" }] });
  const answered = await deps.db.hotlineRequest.count({ where: { assigneeId: staff.id, status: "ANSWERED" } });
  return { lines: await toLines(deps, rows as Row[]), answered };
}

/** All open requests of the school: overdue first, then longest waiting. */
export async function schoolOpenRequests(deps: Deps, staff: StaffBinding): Promise<{ lines: RequestLine[]; answered: number }> {
  const rows = await deps.db.hotlineRequest.findMany({ where: { schoolId: staff.schoolId, status: "OPEN" }, include: listInclude, orderBy: [{ waitingSince: "asc" }, { id: "asc" }] });
  const answered = await deps.db.hotlineRequest.count({ where: { schoolId: staff.schoolId, status: "ANSWERED" } });
  const lines = await toLines(deps, rows as Row[]);
  lines.sort((a, b) => Number(b.overdue) - Number(a.overdue));
  return { lines, answered };
}

/** The sender's own requests as a guardian (any of their guardian records), newest first, at most 10. */
export async function familyRequests(deps: Deps, sender: SenderProfile): Promise<RequestLine[]> {
  const rows = await deps.db.hotlineRequest.findMany({ where: { guardianId: { in: sender.guardians.map((g) => g.id) } }, include: listInclude, orderBy: { id: "desc" }, take: 10 });
  return toLines(deps, rows as Row[]);
}

/** A thread as `请求 <编号>` shows it. */
export interface ThreadView {
  id: number;
  childName: string;
  className: string;
  status: RequestLine["status"];
  assignee: string | null;
  lines: ThreadLine[];
  forFamily: boolean;
}

/**
 * The thread of request `idText`: for staff within their scope (requestForStaff), everything;
 * for a guardian, only their own request and only family messages and answers. Throws
 * DomainError NOT_FOUND otherwise (another family's request looks like none).
 */
export async function requestThread(deps: Deps, sender: SenderProfile, idText: string): Promise<ThreadView> {
  const { db } = deps;
  let r;
  let forFamily = false;
  if (sender.staff) {
    // Not theirs as staff: it may still be their own request as a guardian (a teacher who is a parent).
    r = await requestForStaff(deps, sender.staff, idText).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === "NOT_FOUND") return null;
      throw err;
    });
  }
  if (!r) {
    const id = Number(idText.replace(/^[#＃]/u, "").normalize("NFKC"));
    const own = Number.isSafeInteger(id) ? await db.hotlineRequest.findUnique({ where: { id }, include: { entries: { orderBy: { id: "asc" } } } }) : null;
    if (!own || own.guardianId === null || !sender.guardians.some((g) => g.id === own.guardianId)) throw new DomainError("NOT_FOUND", { what: "request", query: idText });
    r = own;
    forFamily = true;
  }
  const [line] = await toLines(deps, [{ ...r, entries: [] } as Row]);
  const staffNames = new Map((await db.staff.findMany({ where: { id: { in: r.entries.map((e) => e.authorStaffId).filter((x): x is number => x !== null) } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const entries = forFamily ? r.entries.filter((e) => e.kind === "FAMILY" || e.kind === "ANSWER") : r.entries;
  return {
    id: r.id,
    childName: line!.childName,
    className: line!.className,
    status: r.status,
    assignee: line!.assignee,
    forFamily,
    lines: entries.map((e) => ({
      at: e.at,
      kind: e.kind,
      author: e.authorStaffId !== null ? `${staffNames.get(e.authorStaffId) ?? ""}老师` : e.kind === "FAMILY" ? (forFamily ? "我" : line!.who) : "系统",
      body: entryBody(e),
    })),
  };
}
