/**
 * Who may change a reunion session and who is told of a change (issue #5 point 5): a
 * coordinator or admin for any session of their school, a parent for a session where they are a
 * PARENT participant. Notices go through the outbox to every bound participant and the
 * supervisor, and to the school's coordinators when a parent made the change; the sender is
 * answered in chat instead.
 */
import type { Deps } from "../deps.ts";
import type { SenderProfile, StaffBinding } from "../identities.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { coordinatorsOf } from "../hotline/common.ts";
import type { NoticeRole } from "../../messages/reunion-changes.ts";
import type { Participant } from "./booking-people.ts";
import { loadSession, type StoredSession } from "./session.ts";

/** Who asks for a change: a coordinator/admin, or a parent (all their guardian records). */
export type ChangeActor = { kind: "staff"; staff: StaffBinding } | { kind: "parent"; guardianIds: number[] };

/** The sender as a change actor: coordinators and admins as staff, else guardians as parents; null for a plain teacher or the unbound. */
export function actorOf(sender: SenderProfile): ChangeActor | null {
  if (sender.staff && sender.staff.role !== "TEACHER") return { kind: "staff", staff: sender.staff };
  if (sender.guardians.length) return { kind: "parent", guardianIds: sender.guardians.map((g) => g.id) };
  return null;
}

/** The actor's PARENT record in `s` (parents only). */
export function parentIn(actor: ChangeActor, s: StoredSession): Participant | null {
  return actor.kind === "parent" ? (s.parents.find((p) => actor.guardianIds.includes(p.id)) ?? null) : null;
}

/** The actor's record in `s` when they asked for it (a caregiver may ask, issue #5 point 4). */
export function askerIn(actor: ChangeActor, s: StoredSession): Participant | null {
  if (actor.kind !== "parent" || s.requestedById === null || !actor.guardianIds.includes(s.requestedById)) return null;
  return [...s.parents, ...s.caregivers].find((p) => p.id === s.requestedById) ?? null;
}

/**
 * Session `id` when `actor` may change or confirm it (staff of its school, its parents, the
 * guardian who asked for it), else null (also when it does not exist:
 * the caller gives one answer for both, revealing nothing about another family's sessions).
 */
export async function sessionFor(deps: Deps, actor: ChangeActor, id: number): Promise<StoredSession | null> {
  const s = await loadSession(deps.db, id);
  if (!s) return null;
  if (actor.kind === "staff") return s.schoolId === actor.staff.schoolId ? s : null;
  return parentIn(actor, s) || askerIn(actor, s) ? s : null;
}

/** Statuses a session can be moved or cancelled in. */
export const OPEN_STATUSES = ["BOOKED", "REQUESTED"] as const;

/** Why `s` cannot change at `now` (epoch ms): NOT_OPEN (status), STARTED; null when it can. */
export function changeProblem(s: StoredSession, now: number): "NOT_OPEN" | "STARTED" | null {
  if (!(OPEN_STATUSES as readonly string[]).includes(s.status)) return "NOT_OPEN";
  return s.start <= now ? "STARTED" : null;
}

/** The person who changed a session, as others read it (`王建国老师`, `张伟（爸爸）`). */
export function byText(actor: ChangeActor, s: StoredSession, staffName?: string): string {
  if (actor.kind === "staff") return `${staffName ?? actor.staff.name}老师`;
  const p = parentIn(actor, s) ?? askerIn(actor, s);
  return p ? `${p.name}（${p.label}）` : "家长";
}

/**
 * Sends `text(role, person)` to every bound parent, caregiver and the supervisor of `s`, and to
 * the school's bound coordinators when `actor` is a parent (a REQUESTED `s`: to its asker and the
 * coordinators only), once per contact (the sender
 * `senderContactId` is skipped: they are answered in chat). Dedupe keys `<keyBase>:<role>:<id>`.
 * Returns the names told (`张伟（爸爸）`, `李春梅老师`), for the sender's reply.
 */
export async function notifyChange(deps: Deps, s: StoredSession, actor: ChangeActor, senderContactId: string, keyBase: string, text: (role: NoticeRole, p: Participant) => string): Promise<string[]> {
  const now = deps.clock.now();
  const sent = new Set<string>([senderContactId]);
  const told: string[] = [];
  const send = async (role: NoticeRole, p: Participant, shown: string) => {
    if (!p.contactId || sent.has(p.contactId)) return;
    sent.add(p.contactId);
    told.push(shown);
    await enqueue(deps.db, { dedupeKey: `${keyBase}:${role}:${p.id}`, to: { kind: "CONTACT", id: p.contactId }, text: text(role, p) }, now);
  };
  // A request not yet approved was shown to the coordinators and its asker only: only they hear of it.
  const requested = s.status === "REQUESTED";
  for (const p of s.parents) if (!requested || p.id === s.requestedById) await send("parent", p, `${p.name}（${p.label}）`);
  for (const p of s.caregivers) if (!requested || p.id === s.requestedById) await send("carer", p, `${p.name}（${p.label}）`);
  if (s.supervisor && !requested) await send("staff", s.supervisor, `${s.supervisor.name}老师`);
  if (actor.kind === "parent" || requested) {
    for (const c of await coordinatorsOf(deps, s.schoolId)) await send("coordinator", { id: c.id, name: c.name, label: "老师", contactId: c.contactId }, `${c.name}老师`);
  }
  return told;
}
