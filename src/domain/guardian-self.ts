/**
 * What a guardian may see and correct about themselves from chat (issue #3 point 6):
 * `我的信息` (their own record and their own children, never another family's), `更新电话` and
 * `更新工作地`. Every change is written to the guardian's own record(s) only (the records bound
 * to the sender's WeChat contact, so no caller can touch another family), logged in AuditLog
 * (old -> new per field, phones masked) and told to the homeroom teacher of each of their
 * ACTIVE children through the outbox, in the same transaction.
 */
import type { Deps } from "./deps.ts";
import { DomainError } from "./errors.ts";
import { recordAudit } from "./audit.ts";
import { AT_HOME_WORDS, wordKey } from "./roster/labels.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { normalizePhone } from "../lib/phone.ts";
import { maskPhoneMiddle } from "../lib/mask.ts";
import { charLength, tidySpaces } from "../lib/text.ts";
import { RELATION_LABEL, guardianChangeText, type GuardianChange, type OwnInfoView } from "../messages/zh.ts";

const guardianInclude = {
  students: {
    orderBy: { studentId: "asc" },
    include: {
      student: {
        include: {
          class: { include: { homeroomTeacher: { include: { identity: { select: { contactId: true } } } } } },
          guardians: { include: { guardian: true } },
        },
      },
    },
  },
} as const;

/** The guardian records bound to WeChat contact `contactId`, with their children. */
async function ownRecords({ db }: Deps, contactId: string) {
  const ids = await db.wechatIdentity.findMany({ where: { contactId, guardianId: { not: null } }, select: { guardianId: true }, orderBy: { guardianId: "asc" } });
  if (ids.length === 0) throw new DomainError("FORBIDDEN");
  return db.guardian.findMany({ where: { id: { in: ids.map((i) => i.guardianId!) } }, include: guardianInclude, orderBy: { id: "asc" } });
}
type OwnRecord = Awaited<ReturnType<typeof ownRecords>>[number];

const relationOf = (g: { relation: keyof typeof RELATION_LABEL; relationLabel: string | null }) => g.relationLabel ?? RELATION_LABEL[g.relation];

/**
 * What the school has on file for the guardian(s) bound to `contactId`: their own record (phone
 * in full, it is theirs) and, per child, the class, homeroom teacher and the other adults of
 * that child (names and relations; their phones are masked by the message). Throws DomainError
 * FORBIDDEN when the contact holds no guardian binding.
 */
export async function getOwnInfo(deps: Deps, input: { contactId: string }): Promise<OwnInfoView[]> {
  const records = await ownRecords(deps, input.contactId);
  return records.map((g) => ({
    name: g.name,
    relationLabel: relationOf(g),
    phone: g.phone,
    worksAway: g.worksAway,
    workCity: g.workCity,
    employer: g.employer,
    children: g.students.map(({ student: s }) => ({
      name: s.name,
      className: s.class.name,
      status: s.status,
      gender: s.gender,
      birthDate: s.birthDate,
      homeroomTeacher: s.class.homeroomTeacher?.name ?? null,
      others: s.guardians
        .map((sg) => sg.guardian)
        .filter((o) => o.id !== g.id)
        .sort((a, b) => a.id - b.id)
        .map((o) => ({ name: o.name, relationLabel: relationOf(o), phone: o.phone })),
    })),
  }));
}

/** Outcome of a guardian's correction. `teachers` are the homeroom teachers told (names). */
export type SelfUpdateResult =
  | { status: "UPDATED"; teachers: string[] }
  | { status: "UNCHANGED" }
  | { status: "INVALID" };

type Fields = { phone?: string | null; workCity?: string | null; worksAway?: boolean; employer?: string | null };

/**
 * Applies `next(g)` (the new values, or null for no change) to each guardian record of the
 * contact, with the audit row and one outbox message per homeroom teacher (deduped per inbound
 * message `requestId`, teacher and record).
 */
async function applyOwnChange(deps: Deps, input: { contactId: string; requestId: string }, next: (g: OwnRecord) => Fields | null, notice: (g: OwnRecord, change: Fields) => GuardianChange): Promise<SelfUpdateResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const teachersTold = new Set<string>();
  let changed = false;
  for (const g of await ownRecords(deps, input.contactId)) {
    const proposed = next(g);
    const diff = Object.fromEntries(Object.entries(proposed ?? {}).filter(([k, v]) => g[k as keyof Fields] !== v)) as Fields;
    if (Object.keys(diff).length === 0) continue;
    changed = true;
    await db.guardian.update({ where: { id: g.id }, data: { ...diff, updatedAt: now } });
    const detail = Object.fromEntries(
      Object.entries(diff).map(([k, v]) => {
        const old = g[k as keyof Fields];
        return [k, k === "phone" ? { old: old ? maskPhoneMiddle(old as string) : null, new: v ? maskPhoneMiddle(v as string) : null } : { old, new: v }];
      }),
    );
    await recordAudit(db, now, { type: "GUARDIAN", id: g.id }, "guardian.self-update", "Guardian", g.id, detail);

    // One message per homeroom teacher, naming that teacher's children of this guardian.
    const byTeacher = new Map<number, { name: string; contactId: string | null; children: { name: string; className: string }[] }>();
    for (const { student: s } of g.students) {
      const t = s.class.homeroomTeacher;
      if (s.status !== "ACTIVE" || !t || !t.active) continue;
      const entry = byTeacher.get(t.id) ?? { name: t.name, contactId: t.identity?.contactId ?? null, children: [] };
      entry.children.push({ name: s.name, className: s.class.name });
      byTeacher.set(t.id, entry);
    }
    for (const [teacherId, t] of byTeacher) {
      if (!t.contactId) continue;
      const text = guardianChangeText({ children: t.children, guardianName: g.name, relationLabel: relationOf(g), ...notice(g, diff) });
      await enqueue(db, { dedupeKey: `guardian-update:${input.requestId}:${g.id}:${teacherId}`, to: { kind: "CONTACT", id: t.contactId }, text }, now);
      teachersTold.add(t.name);
    }
  }
  return changed ? { status: "UPDATED", teachers: [...teachersTold] } : { status: "UNCHANGED" };
}

/**
 * `更新电话 <号码>`: sets the phone of the contact's own guardian record(s) to `raw`,
 * normalised by lib/phone.ts (full-width digits, spaces, dashes, +86 removed). INVALID for
 * anything normalizePhone rejects (12 digits, letters); UNCHANGED when it is the number on file.
 * Throws DomainError FORBIDDEN for a contact with no guardian binding.
 */
export async function updateOwnPhone(deps: Deps, input: { contactId: string; raw: string; requestId: string }): Promise<SelfUpdateResult & { phone?: string }> {
  const parsed = normalizePhone(input.raw);
  if (!parsed.ok) return { status: "INVALID" };
  const r = await applyOwnChange(
    deps,
    input,
    () => ({ phone: parsed.phone }),
    (g) => ({ kind: "phone", phone: maskPhoneMiddle(parsed.phone), oldPhone: g.phone ? maskPhoneMiddle(g.phone) : null }),
  );
  return { ...r, phone: parsed.phone };
}

/** Words meaning "I am back home / work locally" beyond the roster's 在家 words. */
const BACK_HOME = /在家|本地|回家|回来了|老家|不出去/;

/**
 * `更新工作地 <城市>`: the text trimmed (2-30 characters, else INVALID) becomes the work city and
 * the guardian works away; 在家 / 本地 / 回家了 (and the roster's at-home words) mean at home:
 * worksAway false, work city and employer cleared. UNCHANGED when nothing differs. Throws
 * DomainError FORBIDDEN for a contact with no guardian binding.
 */
export async function updateOwnWorkCity(deps: Deps, input: { contactId: string; raw: string; requestId: string }): Promise<SelfUpdateResult & { atHome?: boolean; city?: string }> {
  const text = tidySpaces(input.raw).replace(/[\s。.!！,，~～]+$/u, "");
  const length = charLength(text);
  if (length < 2 || length > 30) return { status: "INVALID" };
  const atHome = AT_HOME_WORDS.has(wordKey(text)) || BACK_HOME.test(text);
  const fields: Fields = atHome ? { worksAway: false, workCity: null, employer: null } : { worksAway: true, workCity: text };
  const r = await applyOwnChange(deps, input, () => fields, (g) => (atHome ? { kind: "home", oldCity: g.workCity } : { kind: "city", city: text, oldCity: g.workCity }));
  return atHome ? { ...r, atHome } : { ...r, atHome, city: text };
}
