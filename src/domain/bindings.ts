import type { Deps } from "./deps.ts";
import type { GuardianRelation, StaffRole } from "../generated/prisma/enums.ts";
import { recordAudit, type AuditActor } from "./audit.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { normalizeCode, randomCode } from "../lib/codes.ts";
import { dayjs, SCHOOL_TZ } from "../lib/time.ts";
import { bindingDisplacedText } from "../messages/zh.ts";

/** What a binding code links to, as shown to the person who binds. */
export type BindTarget =
  | { kind: "guardian"; id: number; name: string; relation: GuardianRelation; children: { name: string; className: string }[] }
  | { kind: "staff"; id: number; name: string; role: StaffRole };

/**
 * Outcome of a `绑定 <code>` attempt. Refusals are results, not errors, because a wrong try
 * must be recorded (lockout rule) in the same transaction that answers it.
 */
export type BindResult =
  | { status: "BOUND"; target: BindTarget; displacedContactId: string | null }
  | { status: "ALREADY_BOUND"; target: BindTarget }
  | { status: "WRONG_CODE"; triesLeft: number }
  | { status: "LOCKED"; until: Date }
  | { status: "USED" }
  | { status: "EXPIRED" }
  | { status: "REVOKED" }
  | { status: "EXPOSED" };

const MINUTE = 60_000;

async function lockedUntil({ db, clock }: Deps, contactId: string): Promise<Date | null> {
  const lock = await db.bindingLockout.findUnique({ where: { contactId } });
  return lock && lock.lockedUntil > clock.now() ? lock.lockedUntil : null;
}

/** Records a wrong try; returns the lockout end when this try reached the limit. */
async function recordFailure(deps: Deps, contactId: string): Promise<{ lockedUntil: Date | null; triesLeft: number }> {
  const { db, clock, settings } = deps;
  const now = clock.now();
  await db.bindingFailure.create({ data: { contactId, at: now } });
  const previousLock = await db.bindingLockout.findUnique({ where: { contactId } });
  const windowStart = new Date(now.getTime() - settings.bindingFailureWindowMin * MINUTE);
  const since = previousLock && previousLock.lockedUntil > windowStart ? previousLock.lockedUntil : windowStart;
  const failures = await db.bindingFailure.count({ where: { contactId, at: { gt: since } } });
  if (failures < settings.bindingMaxFailures) {
    return { lockedUntil: null, triesLeft: settings.bindingMaxFailures - failures };
  }
  const until = new Date(now.getTime() + settings.bindingLockoutMin * MINUTE);
  await db.bindingLockout.upsert({ where: { contactId }, update: { lockedUntil: until }, create: { contactId, lockedUntil: until } });
  await recordAudit(db, now, { type: "CONTACT", id: contactId }, "binding.locked", "BindingLockout", contactId, { failures });
  deps.logger.warn({ module: "bindings", contact: contactId.slice(0, 6) }, "binding lockout after repeated wrong codes");
  return { lockedUntil: until, triesLeft: 0 };
}

async function loadTarget({ db }: Deps, code: { guardianId: number | null; staffId: number | null }): Promise<BindTarget> {
  if (code.guardianId !== null) {
    const g = await db.guardian.findUniqueOrThrow({
      where: { id: code.guardianId },
      include: { students: { include: { student: { include: { class: true } } }, orderBy: { studentId: "asc" } } },
    });
    return {
      kind: "guardian",
      id: g.id,
      name: g.name,
      relation: g.relation,
      children: g.students.map((s) => ({ name: s.student.name, className: s.student.class.name })),
    };
  }
  const s = await db.staff.findUniqueOrThrow({ where: { id: code.staffId! } });
  return { kind: "staff", id: s.id, name: s.name, role: s.role };
}

/**
 * Links WeChat contact `contactId` to the guardian or staff record of binding code `rawCode`.
 *
 * Rules (issue #2): codes are single-use and expire; a wrong code counts toward the lockout
 * (settings.bindingMaxFailures within bindingFailureWindowMin lock the contact for
 * bindingLockoutMin); the code is consumed with a conditional update, so of two racing
 * contacts exactly one wins and the other gets USED. Binding a record that was linked to
 * another contact (a new phone) unlinks the old contact, which is told so through the outbox.
 * Must run inside the transaction of the message that asked for it.
 */
export async function bindContact(deps: Deps, input: { contactId: string; rawCode: string }): Promise<BindResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const locked = await lockedUntil(deps, input.contactId);
  if (locked) return { status: "LOCKED", until: locked };

  const code = normalizeCode(input.rawCode);
  const row = code ? await db.bindingCode.findUnique({ where: { code } }) : null;
  if (!row) {
    const f = await recordFailure(deps, input.contactId);
    return f.lockedUntil ? { status: "LOCKED", until: f.lockedUntil } : { status: "WRONG_CODE", triesLeft: f.triesLeft };
  }
  if (row.usedAt) {
    if (row.usedByContactId === input.contactId) return { status: "ALREADY_BOUND", target: await loadTarget(deps, row) };
    return { status: "USED" };
  }
  if (row.revokedAt) return row.exposedAt ? { status: "EXPOSED" } : { status: "REVOKED" };
  if (row.expiresAt <= now) return { status: "EXPIRED" };

  const consumed = await db.bindingCode.updateMany({
    where: { id: row.id, usedAt: null, revokedAt: null },
    data: { usedAt: now, usedByContactId: input.contactId },
  });
  if (consumed.count !== 1) return { status: "USED" };

  const recordKey = row.guardianId !== null ? { guardianId: row.guardianId } : { staffId: row.staffId! };
  const previous = await db.wechatIdentity.findFirst({ where: recordKey });
  let displacedContactId: string | null = null;
  if (previous) {
    await db.wechatIdentity.delete({ where: { id: previous.id } });
    if (previous.contactId !== input.contactId) displacedContactId = previous.contactId;
  }
  await db.wechatIdentity.create({ data: { contactId: input.contactId, boundAt: now, ...recordKey } });
  const target = await loadTarget(deps, row);
  const actor: AuditActor = target.kind === "guardian" ? { type: "GUARDIAN", id: target.id } : { type: "STAFF", id: target.id };
  await recordAudit(db, now, actor, "binding.bound", target.kind === "guardian" ? "Guardian" : "Staff", target.id, {
    codeId: row.id,
    replacedPreviousContact: displacedContactId !== null,
  });
  if (displacedContactId) {
    await enqueue(
      db,
      { dedupeKey: `bind-displaced:${row.id}`, to: { kind: "CONTACT", id: displacedContactId }, text: bindingDisplacedText(target.name) },
      now,
    );
  }
  return { status: "BOUND", target, displacedContactId };
}

/**
 * Voids every live code among `candidates` (strings found in a group message, where anyone
 * could read them; see lib/codes.ts findCodeCandidates). Returns how many were voided.
 * Voided codes are marked `exposed`, so a later 绑定 says why.
 */
export async function revokeExposedCodes(deps: Deps, input: { candidates: string[]; contactId: string }): Promise<number> {
  const codes = input.candidates.map((c) => normalizeCode(c)).filter((c): c is string => c !== null);
  if (codes.length === 0) return 0;
  const now = deps.clock.now();
  const res = await deps.db.bindingCode.updateMany({
    where: { code: { in: codes }, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now, exposedAt: now },
  });
  if (res.count > 0) {
    await recordAudit(deps.db, now, { type: "CONTACT", id: input.contactId }, "binding.code-exposed", "BindingCode", null, { count: res.count });
  }
  return res.count;
}

/** True when `raw` is a binding code the school issued (used or not), for reading bare codes. */
export async function isIssuedCode({ db }: Deps, raw: string): Promise<boolean> {
  const code = normalizeCode(raw);
  return code !== null && (await db.bindingCode.findUnique({ where: { code }, select: { id: true } })) !== null;
}

/** A record a binding code can be issued for. */
export type CodeTarget = { kind: "guardian"; id: number } | { kind: "staff"; id: number };

/** A freshly issued code. `expiresAt` is an instant (shown in Asia/Shanghai). */
export interface IssuedCode {
  code: string;
  expiresAt: Date;
}

/**
 * Issues a new random binding code for `target`, valid through the end of the day (23:59:59.999,
 * Asia/Shanghai) settings.bindingCodeTtlDays days from now, so a code works all day on the date
 * printed as 有效期至; revokes that record's older unused codes (one live code per person, so a
 * lost card is voided by issuing a new one). `pick` overrides randomness (the deterministic demo seed only).
 * Retries on the (astronomically rare) collision with an existing code.
 */
export async function issueBindingCode(
  deps: Deps,
  input: { target: CodeTarget; issuer: AuditActor; pick?: (n: number) => number; ttlDays?: number },
): Promise<IssuedCode> {
  const { db, clock, settings } = deps;
  const now = clock.now();
  const where = input.target.kind === "guardian" ? { guardianId: input.target.id } : { staffId: input.target.id };
  await db.bindingCode.updateMany({ where: { ...where, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
  const ttlDays = input.ttlDays ?? settings.bindingCodeTtlDays;
  // Valid through the whole day printed on the card: the end of that day at the school.
  const expiresAt = dayjs(now).tz(SCHOOL_TZ).add(ttlDays, "day").endOf("day").toDate();
  for (let i = 0; i < 5; i++) {
    const code = randomCode(settings.bindingCodeLength, input.pick);
    if (await db.bindingCode.findUnique({ where: { code }, select: { id: true } })) continue;
    const row = await db.bindingCode.create({
      data: { code, ...where, issuedAt: now, expiresAt, issuedById: input.issuer.type === "STAFF" ? input.issuer.id : null },
    });
    await recordAudit(db, now, input.issuer, "binding.code-issued", input.target.kind === "guardian" ? "Guardian" : "Staff", input.target.id, {
      codeId: row.id,
    });
    return { code, expiresAt };
  }
  throw new Error("could not draw a unique binding code");
}
