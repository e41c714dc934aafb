/**
 * Shared rules of the family hotline (亲情电话, issue #4): who answers a child's requests, how a
 * request and its asker are described to staff, response targets in school working time, and
 * how family messages are relayed without flooding the teacher.
 */
import type { Deps } from "../deps.ts";
import type { Tx } from "../../db/client.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { loadWorkCalendar, type WorkCalendar } from "../../lib/work-calendar.ts";
import { RELATION_LABEL } from "../../messages/zh.ts";
import { entryBody, hotlineText, type AskerView } from "../../messages/hotline.ts";
import type { GuardianRelation } from "../../generated/prisma/enums.ts";
import { DomainError } from "../errors.ts";
import type { StaffBinding } from "../identities.ts";
import { scopeOf, studentsInScope } from "../students.ts";

/** The school working-time calendar of these settings (lib/work-calendar.ts; cached there). */
export function calendarOf(deps: Deps): WorkCalendar {
  return loadWorkCalendar(deps.settings);
}

/** Minutes in one school working day (SCHOOL_DAY_END - SCHOOL_DAY_START; 600 by default). */
export function workDayMinutes(deps: Deps): number {
  const min = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return min(deps.settings.schoolDayEnd) - min(deps.settings.schoolDayStart);
}

/**
 * The response target of a wait starting at `from`: HOTLINE_RESPONSE_HOURS of school working
 * time later, and the reminder HOTLINE_REMINDER_BEFORE_MIN working minutes before it (never
 * before the wait began). Both fall inside working hours, so they never fire at night.
 */
export function targetsFrom(deps: Deps, from: Date): { dueAt: Date; remindAt: Date } {
  const cal = calendarOf(deps);
  const total = deps.settings.hotlineResponseHours * 60;
  const dueAt = cal.addWorkingMinutes(from, total);
  const lead = Math.min(deps.settings.hotlineReminderBeforeMin, Math.floor(total / 2));
  return { dueAt, remindAt: cal.addWorkingMinutes(from, total - lead) };
}

/** A staff member who can receive relays: active, with a WeChat contact. */
export interface Reachable {
  id: number;
  name: string;
  contactId: string | null;
  /** A coordinator or admin answering (not the child's teacher): families are told so. */
  coordinator?: boolean;
}

/** A child as the hotline needs it: school, status, class, homeroom teacher, last contact. */
export interface HotlineChild {
  id: number;
  schoolId: number;
  name: string;
  className: string;
  active: boolean;
  lastParentContactAt: Date | null;
  homeroom: (Reachable & { active: boolean }) | null;
  /** The mentor teacher of an active pairing (结对帮扶) when active and bound, else null. */
  mentor: Reachable | null;
}

/** Loads {@link HotlineChild} `studentId` in one query; throws when it does not exist. */
export async function loadHotlineChild({ db }: Deps, studentId: number): Promise<HotlineChild> {
  const c = await db.student.findUniqueOrThrow({
    where: { id: studentId },
    select: { id: true, schoolId: true, name: true, status: true, lastParentContactAt: true, class: { select: { name: true, homeroomTeacher: { select: { id: true, name: true, active: true, identity: { select: { contactId: true } } } } } },
      pairings: { where: { endedAt: null, staff: { active: true, identity: { isNot: null } } }, take: 1, select: { staff: { select: { id: true, name: true, identity: { select: { contactId: true } } } } } },
    },
  });
  const m = c.pairings[0]?.staff;
  const h = c.class.homeroomTeacher;
  return { id: c.id, schoolId: c.schoolId, name: c.name, className: c.class.name, active: c.status === "ACTIVE", lastParentContactAt: c.lastParentContactAt, homeroom: h ? { id: h.id, name: h.name, active: h.active, contactId: h.identity?.contactId ?? null } : null, mentor: m ? { id: m.id, name: m.name, contactId: m.identity!.contactId } : null };
}

/**
 * Who answers requests about `child`: the homeroom teacher when active and bound on WeChat;
 * else the child's mentor teacher (结对帮扶, issue #6) when active and bound; else the school's
 * first bound coordinator (then admin). A child no longer ACTIVE goes to the coordinator. Falls
 * back to the unbound homeroom teacher (the request is still listed for coordinators), else null.
 */
export async function routeFor(deps: Deps, child: HotlineChild): Promise<Reachable | null> {
  const h = child.homeroom;
  if (child.active && h?.active && h.contactId) return h;
  if (child.active && child.mentor) return child.mentor;
  const c = (await coordinatorsOf(deps, child.schoolId))[0];
  if (c) return c;
  return h?.active ? { ...h, contactId: null } : null;
}

/** The school's bound coordinators and admins (escalations go to all of them). */
export async function coordinatorsOf({ db }: Deps, schoolId: number): Promise<Reachable[]> {
  const rows = await db.staff.findMany({
    where: { schoolId, active: true, role: { in: ["COORDINATOR", "ADMIN"] }, identity: { isNot: null } },
    select: { id: true, name: true, identity: { select: { contactId: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, contactId: r.identity!.contactId, coordinator: true }));
}

/** Staff reachability by id. */
export async function staffById({ db }: Deps, id: number | null): Promise<Reachable | null> {
  if (id === null) return null;
  const s = await db.staff.findUnique({ where: { id }, select: { id: true, name: true, role: true, active: true, identity: { select: { contactId: true } } } });
  return s ? { id: s.id, name: s.name, contactId: s.active ? (s.identity?.contactId ?? null) : null, coordinator: s.role !== "TEACHER" } : null;
}

/** A request with what every view needs: child, class, asker. */
export async function loadRequest(db: Tx, id: number) {
  return db.hotlineRequest.findUnique({
    where: { id },
    include: {
      entries: { orderBy: { id: "asc" } },
    },
  });
}
export type LoadedRequest = NonNullable<Awaited<ReturnType<typeof loadRequest>>>;

/** How a guardian is named to staff: `妈妈刘丽（外出务工）`. */
export function guardianWho(g: { name: string; relation: string; relationLabel: string | null; worksAway: boolean; isCaregiver: boolean }): string {
  return `${g.relationLabel ?? RELATION_LABEL[g.relation as GuardianRelation]}${g.name}${g.worksAway ? "（外出务工）" : g.isCaregiver ? "（监护人）" : ""}`;
}

/** `张小明（三年级1班）的妈妈刘丽（外出务工）` parts for staff; `child` saves the child's query when loaded already. */
export async function askerView({ db }: Deps, r: { studentId: number; guardianId: number | null; callerLabel: string | null }, child?: { name: string; className: string }): Promise<AskerView> {
  let c = child;
  if (!c) {
    const s = await db.student.findUniqueOrThrow({ where: { id: r.studentId }, select: { name: true, class: { select: { name: true } } } });
    c = { name: s.name, className: s.class.name };
  }
  let who = r.callerLabel ? `${r.callerLabel}（来电）` : "家长（来电）";
  if (r.guardianId !== null) {
    const g = await db.guardian.findUnique({ where: { id: r.guardianId }, select: { name: true, relation: true, relationLabel: true, worksAway: true, isCaregiver: true } });
    if (g) who = guardianWho(g);
  }
  return { childName: c.name, className: c.className, who };
}

/**
 * Finds request `id` for a staff member: coordinators and admins see the school; a teacher sees
 * requests assigned to them and those about children of their classes. Anything else throws
 * DomainError NOT_FOUND (`what: "request"`) — another class's request looks like none at all.
 */
export async function requestForStaff(deps: Deps, staff: StaffBinding, idText: string): Promise<LoadedRequest> {
  const id = Number(idText.replace(/^[#＃]/u, "").normalize("NFKC"));
  const notFound = () => new DomainError("NOT_FOUND", { what: "request", query: idText });
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  const r = await loadRequest(deps.db, id);
  if (!r || r.schoolId !== staff.schoolId) throw notFound();
  if (staff.role !== "TEACHER" || r.assigneeId === staff.id) return r;
  const inClass = await deps.db.student.count({ where: { id: r.studentId, ...studentsInScope(scopeOf(staff)) } });
  if (inClass === 0) throw notFound();
  return r;
}

/** A family entry as relayed: header, body lines, footer. */
function relayText(id: number, a: AskerView, bodies: string[], followUp: boolean, loggedBy?: string): string {
  const header = loggedBy ? hotlineText.phoneHeader(id, a, loggedBy) : hotlineText.relayHeader(id, a, followUp);
  return [header, ...bodies, hotlineText.relayFooter(id)].join("\n");
}

/** Longest merged relay, in characters: further follow-ups are counted, not copied (`请求 <编号>` shows them). */
const MERGED_RELAY_MAX_CHARS = 1800;

/** `text` (header, bodies, footer) with `body` added before the footer, or counted once it is long. */
function mergeInto(text: string, body: string, id: number): string {
  const footer = hotlineText.relayFooter(id);
  const head = text.endsWith(footer) ? text.slice(0, -footer.length - 1) : text;
  const overflow = hotlineText.relayOverflowPattern.exec(head);
  if (overflow) return `${head.slice(0, overflow.index)}${hotlineText.relayOverflow(Number(overflow[1]) + 1, id)}\n${footer}`;
  if ([...head].length + [...body].length > MERGED_RELAY_MAX_CHARS) return `${head}\n${hotlineText.relayOverflow(1, id)}\n${footer}`;
  return `${head}\n${body}\n${footer}`;
}

/**
 * Relays family entry `entry` of request `id` to `to` through the outbox and returns the id of
 * the relay row it went into (store it as the request's lastRelayId), or null when `to` has no
 * WeChat contact. The first message of a wait goes at once; follow-ups within
 * HOTLINE_MERGE_WINDOW_MIN of the last relay are gathered into one pending row sent when the
 * window ends (a burst of twenty messages is two relays, not twenty; past 1,800 characters they
 * are counted, not copied). A file (voice, picture) is its own row, sent with its batch. Rows are
 * keyed by request and entry, so a retried handler never relays twice.
 */
export async function relayEntry(deps: Deps, o: { id: number; to: Reachable; asker: AskerView; entry: { id: number; messageKind: string; text: string; attachmentPath: string | null; attachmentName: string | null; attachmentError: string | null }; fresh: boolean; lastRelayId: number | null; loggedBy?: string }): Promise<number | null> {
  if (!o.to.contactId) return null;
  const { db, clock, settings } = deps;
  const now = clock.now();
  const body = entryBody(o.entry);
  const windowMs = settings.hotlineMergeWindowMin * 60_000;
  let notBefore = now;
  if (!o.fresh && windowMs > 0 && o.lastRelayId !== null) {
    const last = await db.outboxMessage.findUnique({ where: { id: o.lastRelayId }, select: { id: true, text: true, status: true, nextAttemptAt: true, sentAt: true, conversationId: true } });
    if (last && last.conversationId === o.to.contactId) {
      // Not sent yet (a batch waiting for its window, or one written just now): join it.
      if (last.status === "PENDING" && last.nextAttemptAt >= now) {
        const n = await db.outboxMessage.updateMany({ where: { id: last.id, status: "PENDING" }, data: { text: mergeInto(last.text, body, o.id) } });
        if (n.count === 1) {
          await relayFile(deps, o, last.nextAttemptAt);
          return last.id;
        }
      }
      // The last relay went (or goes) out at `base`: the next one waits for the window after it.
      const base = last.sentAt ?? last.nextAttemptAt;
      if (base.getTime() + windowMs > now.getTime()) notBefore = new Date(base.getTime() + windowMs);
    }
  }
  const rowId = await enqueue(db, { dedupeKey: `hotline:${o.id}:relay:${o.entry.id}:s${o.to.id}`, to: { kind: "CONTACT", id: o.to.contactId }, text: relayText(o.id, o.asker, [body], !o.fresh, o.loggedBy), notBefore }, now);
  await relayFile(deps, o, notBefore);
  return rowId;
}

async function relayFile(deps: Deps, o: { id: number; to: Reachable; entry: { id: number; messageKind: string; attachmentPath: string | null; attachmentName: string | null } }, notBefore: Date): Promise<void> {
  if (!o.entry.attachmentPath || !o.to.contactId) return;
  await enqueue(
    deps.db,
    { dedupeKey: `hotline:${o.id}:file:${o.entry.id}:s${o.to.id}`, to: { kind: "CONTACT", id: o.to.contactId }, text: entryBody({ messageKind: o.entry.messageKind, text: "" }), attachment: { path: o.entry.attachmentPath, name: o.entry.attachmentName ?? "file" }, notBefore },
    deps.clock.now(),
  );
}
