/**
 * Family messages into hotline requests (issue #4 points 1-2): anything a bound guardian sends
 * in private chat that is not a command. A burst joins the open request; a message within
 * HOTLINE_REOPEN_DAYS of closing reopens it; a guardian of several children is asked which one
 * unless the message names the child.
 */
import type { Deps } from "../deps.ts";
import type { SenderProfile } from "../identities.ts";
import type { IncomingAttachment } from "../../router/types.ts";
import type { Reachable } from "./common.ts";
import { touchParentContact } from "../contact.ts";
import { calendarOf, guardianWho, loadHotlineChild, relayEntry, routeFor, staffById, targetsFrom } from "./common.ts";

/** One message of a family, as the router received it. */
export interface FamilyMessage {
  /** text, voice, image, video, file. */
  kind: string;
  text: string;
  attachment?: IncomingAttachment;
}

/** A child the sender may write about, with the guardian record that links them. */
export interface ChildChoice {
  studentId: number;
  guardianId: number;
  name: string;
  className: string;
  /** How staff see this guardian (`妈妈刘丽（外出务工）`); filled by {@link childrenOf}. */
  who?: string;
}

/** What filing did, for the receipt (messages/hotline.ts). `receipt: false` means stay quiet (mid-burst). */
export interface FiledRequest {
  id: number;
  childName: string;
  assignee: string | null;
  dueAt: Date;
  /** A closed request was reopened. */
  reopened: boolean;
  /** A new request, a reopened one, or a follow-up after an answer: the family gets a full receipt. */
  newWait: boolean;
  /** The child is no longer ACTIVE; a coordinator answers. */
  transferred: boolean;
  /** Who was told: the child's teacher, a coordinator, or nobody yet (nobody answering is bound on WeChat). */
  relayedTo: "teacher" | "coordinator" | "nobody";
  /** Now is inside school working hours. */
  inHours: boolean;
  /** Characters kept when a message was cut to HOTLINE_MAX_CHARS, else null. */
  cut: number | null;
  /** Whether to acknowledge at all (false inside a burst already acknowledged). */
  acknowledge: boolean;
}

/** The children a guardian sender writes about, one per child (ACTIVE first, as bound). */
export function childrenOf(sender: SenderProfile): ChildChoice[] {
  const out: ChildChoice[] = [];
  for (const g of sender.guardians) {
    const who = guardianWho({ ...g, relationLabel: null });
    for (const c of g.children) if (!out.some((o) => o.studentId === c.id)) out.push({ studentId: c.id, guardianId: g.id, name: c.name, className: c.className, who });
  }
  return out;
}

/** The one child `text` names (full name, or the given name of a 3+ character name), else null. */
export function childNamedIn(text: string, children: ChildChoice[]): ChildChoice | null {
  const full = children.filter((c) => text.includes(c.name));
  if (full.length === 1) return full[0]!;
  if (full.length > 1) return null;
  const given = children.filter((c) => [...c.name].length >= 3 && text.includes([...c.name].slice(1).join("")));
  return given.length === 1 ? given[0]! : null;
}

/**
 * The child of a request this sender is in the middle of (activity within the merge window, not
 * closed), so a burst about one child is not asked about again. Null when none.
 */
export async function childInConversation({ db, clock, settings }: Deps, children: ChildChoice[]): Promise<ChildChoice | null> {
  const since = new Date(clock.now().getTime() - Math.max(settings.hotlineMergeWindowMin, 2) * 60_000);
  const r = await db.hotlineRequest.findFirst({
    where: { guardianId: { in: children.map((c) => c.guardianId) }, studentId: { in: children.map((c) => c.studentId) }, status: { not: "CLOSED" }, lastActivityAt: { gte: since } },
    orderBy: { lastActivityAt: "desc" },
    select: { studentId: true },
  });
  return r ? (children.find((c) => c.studentId === r.studentId) ?? null) : null;
}

/**
 * Files `messages` (in order) from guardian record `child.guardianId` about `child.studentId`:
 * appends to their open or answered request, reopens one closed within HOTLINE_REOPEN_DAYS, or
 * creates one (assigned by {@link routeFor}, response target from now in working time). Each
 * message becomes a FAMILY entry and is relayed to the assignee (merged within the window).
 * Updates the child's last contact with parents.
 */
export async function fileFamilyMessages(deps: Deps, child: ChildChoice, messages: FamilyMessage[]): Promise<FiledRequest> {
  const { db, clock, settings } = deps;
  const now = clock.now();
  const reopenSince = new Date(now.getTime() - settings.hotlineReopenDays * 86_400_000);
  let req = await db.hotlineRequest.findFirst({ where: { guardianId: child.guardianId, studentId: child.studentId }, orderBy: { id: "desc" } });
  if (req && req.status === "ANSWERED" && req.lastActivityAt < reopenSince) {
    // Answered long ago and never closed: it ends here and the new message starts afresh.
    await db.hotlineRequest.update({ where: { id: req.id }, data: { status: "CLOSED", closedAt: now } });
    await db.hotlineEntry.create({ data: { requestId: req.id, at: now, kind: "CLOSE", text: "自动关闭（家长长时间没有新消息）" } });
    req = null;
  }
  if (req && req.status === "CLOSED" && (req.closedAt ?? req.lastActivityAt) < reopenSince) req = null;

  const kid = await loadHotlineChild(deps, child.studentId);
  let reopened = false;
  let newWait = false;
  let assignee: Reachable | null;
  if (!req) {
    const t = targetsFrom(deps, now);
    assignee = await routeFor(deps, kid);
    req = await db.hotlineRequest.create({
      data: { schoolId: kid.schoolId, studentId: kid.id, guardianId: child.guardianId, channel: "WECHAT", status: "OPEN", assigneeId: assignee?.id ?? null, createdAt: now, waitingSince: now, dueAt: t.dueAt, remindAt: t.remindAt, lastActivityAt: now },
    });
    newWait = true;
  } else {
    assignee = req.assigneeId !== null && req.assigneeId === kid.homeroom?.id ? kid.homeroom : req.assigneeId !== null ? await staffById(deps, req.assigneeId) : await routeFor(deps, kid);
    if (req.status !== "OPEN") {
      reopened = req.status === "CLOSED";
      const t = targetsFrom(deps, now);
      req = await db.hotlineRequest.update({
        where: { id: req.id },
        data: { status: "OPEN", waitingSince: now, dueAt: t.dueAt, remindAt: t.remindAt, remindedAt: null, escalatedAt: null, closedAt: null, closedById: null, lastActivityAt: now, assigneeId: assignee?.id ?? null },
      });
      if (reopened) await db.hotlineEntry.create({ data: { requestId: req.id, at: now, kind: "REOPEN", authorGuardianId: child.guardianId, text: "家长发来新消息，重新打开" } });
      newWait = true;
    }
  }
  const asker = { childName: kid.name, className: kid.className, who: child.who ?? "家长" };
  let cut: number | null = null;
  let lastRelayId = req.lastRelayId;
  for (const [n, m] of messages.entries()) {
    let text = m.text.trim();
    if ([...text].length > settings.hotlineMaxChars) {
      text = [...text].slice(0, settings.hotlineMaxChars).join("");
      cut = settings.hotlineMaxChars;
    }
    const att = m.attachment;
    const entry = await db.hotlineEntry.create({
      data: {
        requestId: req.id,
        at: now,
        kind: "FAMILY",
        authorGuardianId: child.guardianId,
        messageKind: m.kind,
        text,
        attachmentPath: att && "path" in att ? att.path : null,
        attachmentName: att && "path" in att ? att.name : null,
        attachmentError: att && "error" in att ? att.error : null,
      },
    });
    if (assignee) lastRelayId = (await relayEntry(deps, { id: req.id, to: assignee, asker, entry, fresh: newWait && n === 0, lastRelayId })) ?? lastRelayId;
  }
  const windowMs = Math.max(settings.hotlineMergeWindowMin, 2) * 60_000;
  const acknowledge = newWait || !req.lastReceiptAt || req.lastReceiptAt.getTime() + windowMs <= now.getTime() || cut !== null;
  await db.hotlineRequest.update({ where: { id: req.id }, data: { lastActivityAt: now, lastRelayId, ...(acknowledge ? { lastReceiptAt: now } : {}) } });
  // The date is what matters: within a burst the stored instant need not move every message.
  if (!kid.lastParentContactAt || kid.lastParentContactAt.getTime() < now.getTime() - 60_000) await touchParentContact(deps, [kid.id], now);
  return {
    id: req.id,
    childName: child.name,
    assignee: assignee?.name ?? null,
    dueAt: req.dueAt ?? now,
    reopened,
    newWait,
    transferred: !kid.active,
    relayedTo: !assignee?.contactId ? "nobody" : assignee.coordinator && assignee.id !== kid.homeroom?.id ? "coordinator" : "teacher",
    inHours: calendarOf(deps).isWorkingTime(now),
    cut,
    acknowledge,
  };
}
