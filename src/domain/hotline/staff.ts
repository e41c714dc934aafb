/**
 * What staff do with hotline requests (issue #4 points 2 and 4): answer (回复), hand on (转给),
 * add an internal note (备注), close (关闭), and log a phone call (来电). Every action is a thread
 * entry; what the family receives goes through the outbox in the same transaction.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { DomainError } from "../errors.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { touchParentContact } from "../contact.ts";
import { RELATION_LABEL, RELATION_WORDS } from "../../messages/zh.ts";
import { entryBody, hotlineText } from "../../messages/hotline.ts";
import type { GuardianRelation } from "../../generated/prisma/enums.ts";
import { askerView, loadHotlineChild, relayEntry, requestForStaff, routeFor, staffById, targetsFrom, type LoadedRequest } from "./common.ts";

/** Bound contacts of a child's guardians: [{ guardianId, name, label, contactId }]. */
async function boundGuardians({ db }: Deps, studentId: number) {
  const { name: childName } = await db.student.findUniqueOrThrow({ where: { id: studentId }, select: { name: true } });
  const links = await db.studentGuardian.findMany({
    where: { studentId },
    select: { guardian: { select: { id: true, name: true, relation: true, relationLabel: true, identity: { select: { contactId: true } } } } },
    orderBy: { guardianId: "asc" },
  });
  return links
    .filter((l) => l.guardian.identity)
    .map((l) => ({ guardianId: l.guardian.id, name: l.guardian.name, label: `${childName}${l.guardian.relationLabel ?? RELATION_LABEL[l.guardian.relation as GuardianRelation]}${l.guardian.name}`, contactId: l.guardian.identity!.contactId }));
}

/** The result of an answer: whom it reached (`妈妈刘丽`), and whether the asker has no WeChat. */
export interface AnswerResult {
  id: number;
  to: string[];
  unreachable: boolean;
  /** A logged phone call whose caller is not a bound guardian: nobody receives the answer in WeChat. */
  phone: boolean;
}

/**
 * Staff `staff` answers request `idText` with `text`: a thread entry, the answer to the asking
 * guardian (and, with HOTLINE_ANSWER_ALL_GUARDIANS, the child's other bound guardians), status
 * ANSWERED, first response time kept. Throws DomainError NOT_FOUND outside the staff member's
 * requests (requestForStaff), INVALID_INPUT for a closed request (`details.closed`).
 */
export async function answerRequest(deps: Deps, staff: StaffBinding, idText: string, text: string): Promise<AnswerResult> {
  const { db, clock, settings } = deps;
  const now = clock.now();
  const r = await requestForStaff(deps, staff, idText);
  if (r.status === "CLOSED") throw new DomainError("INVALID_INPUT", { closed: r.id });
  const entry = await db.hotlineEntry.create({ data: { requestId: r.id, at: now, kind: "ANSWER", authorStaffId: staff.id, text } });
  await db.hotlineRequest.update({
    where: { id: r.id },
    data: { status: "ANSWERED", firstResponseAt: r.firstResponseAt ?? now, waitingSince: null, dueAt: null, remindAt: null, lastActivityAt: now, lastReceiptAt: null },
  });
  const child = await db.student.findUniqueOrThrow({ where: { id: r.studentId }, select: { name: true } });
  const guardians = await boundGuardians(deps, r.studentId);
  const asker = guardians.find((g) => g.guardianId === r.guardianId);
  const teacher = `${staff.name}老师`;
  const to: string[] = [];
  for (const g of guardians) {
    const isAsker = g.guardianId === r.guardianId;
    if (!isAsker && (!settings.hotlineAnswerAllGuardians || !asker)) continue;
    const body = isAsker ? hotlineText.answerToFamily(r.id, teacher, child.name, text) : hotlineText.answerToOtherGuardian(r.id, teacher, child.name, asker!.label, text);
    await enqueue(db, { dedupeKey: `hotline:${r.id}:answer:${entry.id}:g${g.guardianId}`, to: { kind: "CONTACT", id: g.contactId }, text: body }, now);
    to.push(g.label);
  }
  await touchParentContact(deps, [r.studentId], now);
  return { id: r.id, to, unreachable: !asker, phone: r.channel === "PHONE" && !asker };
}

/** Adds a staff-only note (never sent to a family). Throws like {@link answerRequest}'s lookup. */
export async function noteRequest(deps: Deps, staff: StaffBinding, idText: string, text: string): Promise<number> {
  const r = await requestForStaff(deps, staff, idText);
  await deps.db.hotlineEntry.create({ data: { requestId: r.id, at: deps.clock.now(), kind: "NOTE", authorStaffId: staff.id, text } });
  return r.id;
}

/**
 * Closes a request; the asking guardian is told. Returns whether they were told. Throws
 * INVALID_INPUT (`details.closed`) when it is closed already.
 */
export async function closeRequest(deps: Deps, staff: StaffBinding, idText: string): Promise<{ id: number; told: boolean }> {
  const { db, clock } = deps;
  const now = clock.now();
  const r = await requestForStaff(deps, staff, idText);
  if (r.status === "CLOSED") throw new DomainError("INVALID_INPUT", { closed: r.id });
  await db.hotlineRequest.update({ where: { id: r.id }, data: { status: "CLOSED", closedAt: now, closedById: staff.id, waitingSince: null, dueAt: null, remindAt: null, lastActivityAt: now } });
  await db.hotlineEntry.create({ data: { requestId: r.id, at: now, kind: "CLOSE", authorStaffId: staff.id, text: "关闭" } });
  const asker = (await boundGuardians(deps, r.studentId)).find((g) => g.guardianId === r.guardianId);
  if (!asker) return { id: r.id, told: false };
  const child = await db.student.findUniqueOrThrow({ where: { id: r.studentId }, select: { name: true } });
  await enqueue(db, { dedupeKey: `hotline:${r.id}:closed:${now.getTime()}`, to: { kind: "CONTACT", id: asker.contactId }, text: hotlineText.closedToFamily(r.id, child.name) }, now);
  return { id: r.id, told: true };
}

/**
 * Hands request `idText` to the active staff member named `name` (same school): thread entry,
 * new assignee, and the thread so far relayed to them. Throws NOT_FOUND (`what: "staff"`) when
 * no active staff member has that name.
 */
export async function transferRequest(deps: Deps, staff: StaffBinding, idText: string, name: string): Promise<{ id: number; to: string; bound: boolean; self: boolean }> {
  const { db, clock } = deps;
  const now = clock.now();
  const r = await requestForStaff(deps, staff, idText);
  if (r.status === "CLOSED") throw new DomainError("INVALID_INPUT", { closed: r.id });
  const target = await db.staff.findFirst({ where: { schoolId: staff.schoolId, active: true, name: name.trim() }, select: { id: true, name: true, identity: { select: { contactId: true } } } });
  if (!target) throw new DomainError("NOT_FOUND", { what: "staff", query: name });
  if (target.id === r.assigneeId) return { id: r.id, to: target.name, bound: target.identity !== null, self: true };
  await db.hotlineRequest.update({ where: { id: r.id }, data: { assigneeId: target.id, lastActivityAt: now } });
  await db.hotlineEntry.create({ data: { requestId: r.id, at: now, kind: "TRANSFER", authorStaffId: staff.id, text: `转给 ${target.name}` } });
  if (target.identity) {
    const asker = await askerView(deps, r);
    const family = r.entries.filter((e) => e.kind === "FAMILY" || e.kind === "ANSWER");
    const lines = family.map((e) => `${e.kind === "ANSWER" ? "老师回复" : asker.who}：${entryBody(e)}`);
    await enqueue(db, { dedupeKey: `hotline:${r.id}:transfer:${now.getTime()}:s${target.id}`, to: { kind: "CONTACT", id: target.identity.contactId }, text: [hotlineText.transferredHeader(r.id, `${staff.name}老师`), `${asker.childName}（${asker.className}）`, ...lines, hotlineText.relayFooter(r.id)].join("\n") }, now);
    for (const e of family) if (e.attachmentPath) await relayFileTo(deps, r.id, e, target.identity.contactId, target.id);
  }
  return { id: r.id, to: target.name, bound: target.identity !== null, self: false };
}

/**
 * Logs a phone call to the hotline (`来电`) about child `studentId` as a PHONE request: OPEN,
 * routed like a chat request, relayed to the assignee unless the logger is the assignee.
 */
export async function logCall(deps: Deps, staff: StaffBinding, studentId: number, text: string): Promise<{ id: number; childName: string; assignee: string | null; self: boolean }> {
  const { db, clock } = deps;
  const now = clock.now();
  const kid = await loadHotlineChild(deps, studentId);
  const route = await routeFor(deps, kid);
  const t = targetsFrom(deps, now);
  const assigneeId = route?.id ?? staff.id;
  const caller = await callerOf(deps, studentId, text);
  const req = await db.hotlineRequest.create({
    data: { schoolId: staff.schoolId, studentId, guardianId: caller.guardianId, callerLabel: caller.label, channel: "PHONE", status: "OPEN", assigneeId, createdAt: now, waitingSince: now, dueAt: t.dueAt, remindAt: t.remindAt, lastActivityAt: now, loggedById: staff.id },
  });
  const entry = await db.hotlineEntry.create({ data: { requestId: req.id, at: now, kind: "FAMILY", authorStaffId: staff.id, messageKind: "text", text } });
  const self = assigneeId === staff.id;
  const assignee = await staffById(deps, assigneeId);
  if (!self && assignee) {
    const asker = await askerView(deps, req, { name: kid.name, className: kid.className });
    const lastRelayId = await relayEntry(deps, { id: req.id, to: assignee, asker, entry, fresh: true, lastRelayId: null, loggedBy: staff.name });
    await db.hotlineRequest.update({ where: { id: req.id }, data: { lastRelayId } });
  }
  await touchParentContact(deps, [studentId], now);
  const child = await db.student.findUniqueOrThrow({ where: { id: studentId }, select: { name: true } });
  return { id: req.id, childName: child.name, assignee: assignee?.name ?? null, self };
}

/** Forwards the file of entry `e` to a staff member who takes a request over. */
async function relayFileTo(deps: Deps, id: number, e: { id: number; messageKind: string; attachmentPath: string | null; attachmentName: string | null }, contactId: string, staffId: number): Promise<void> {
  if (!e.attachmentPath) return;
  await enqueue(deps.db, { dedupeKey: `hotline:${id}:file:${e.id}:s${staffId}`, to: { kind: "CONTACT", id: contactId }, text: entryBody({ messageKind: e.messageKind, text: "" }), attachment: { path: e.attachmentPath, name: e.attachmentName ?? "file" } }, deps.clock.now());
}

/**
 * Who called, from the words a logged call starts with (`妈妈打电话问…`, `奶奶问…`): the child's
 * one guardian of that relation (messages/zh.ts RELATION_WORDS), else nobody known, with the word
 * kept as a label. An answer then goes to that guardian when bound on WeChat.
 */
async function callerOf({ db }: Deps, studentId: number, text: string): Promise<{ guardianId: number | null; label: string | null }> {
  const word = Object.keys(RELATION_WORDS)
    .filter((w) => w !== "家长" && text.startsWith(w))
    .sort((a, b) => b.length - a.length)[0];
  if (!word) return { guardianId: null, label: null };
  const links = await db.studentGuardian.findMany({ where: { studentId, guardian: { relation: { in: RELATION_WORDS[word] } } }, select: { guardianId: true } });
  return { guardianId: links.length === 1 ? links[0]!.guardianId : null, label: word };
}

export type { LoadedRequest };
