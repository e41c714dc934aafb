/**
 * Who receives a teacher's update (近况) and in which form: the guardians of a child, or of
 * every ACTIVE child of a class, who are bound on WeChat. A parent working away is reminded who
 * is caring for the child at home; the caregiver gets the news plainly (issue #4 point 6).
 */
import type { Tx } from "../db/client.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { RELATION_LABEL } from "../messages/zh.ts";
import type { GuardianRelation } from "../generated/prisma/enums.ts";
import type { CarerNote } from "../messages/updates.ts";

/** A guardian of a child, as an update's recipient list shows them. */
export interface FamilyMember {
  guardianId: number;
  name: string;
  /** 妈妈, 奶奶, 舅舅 (Guardian.relationLabel, else the relation's word). */
  relationLabel: string;
  /** A parent away from home (外出务工) who is not the caregiver: gets the caregiver reminder. */
  away: boolean;
  isCaregiver: boolean;
  /** The WeChat contact the guardian is bound on, or null (not bound). */
  contactId: string | null;
}

/** One child and its guardians, father, mother, caregivers, others, in that order. */
export interface Family {
  studentId: number;
  childName: string;
  members: FamilyMember[];
}

const RANK: Partial<Record<GuardianRelation, number>> = { FATHER: 0, MOTHER: 1 };

/** The families of `studentIds` (children without guardians get an empty member list). */
export async function loadFamilies(db: Tx, studentIds: number[]): Promise<Family[]> {
  const rows = await db.student.findMany({
    where: { id: { in: studentIds } },
    select: {
      id: true,
      name: true,
      guardians: { select: { guardian: { include: { identity: { select: { contactId: true } } } } } },
    },
    orderBy: { id: "asc" },
  });
  const rank = (g: { relation: GuardianRelation; isCaregiver: boolean }) => RANK[g.relation] ?? (g.isCaregiver ? 2 : 3);
  return rows.map((s) => ({
    studentId: s.id,
    childName: s.name,
    members: s.guardians
      .map((sg) => sg.guardian)
      .sort((a, b) => rank(a) - rank(b) || a.id - b.id)
      .map((g) => ({
        guardianId: g.id,
        name: g.name,
        relationLabel: g.relationLabel?.trim() || RELATION_LABEL[g.relation],
        away: g.worksAway && !g.isCaregiver,
        isCaregiver: g.isCaregiver,
        contactId: g.identity?.contactId ?? null,
      })),
  }));
}

/** Who cares for each of `families`' children, as an away parent's reminder says it (`奶奶张桂兰`). */
function carerNotes(families: Family[], self: number): CarerNote[] {
  return families
    .map((f) => ({ childName: f.childName, carers: f.members.filter((m) => m.isCaregiver && m.guardianId !== self).map((m) => `${m.relationLabel}${m.name}`) }))
    .filter((n) => n.carers.length > 0);
}

/** One WeChat contact an update goes to, with the guardian records and children it stands for. */
export interface Recipient {
  contactId: string;
  /** The first guardian record on this contact (its form and its dedupe key). */
  member: FamilyMember;
  families: Family[];
}

/**
 * The bound contacts of `families`, each once (a guardian with two children in a class, or one
 * person registered twice, gets one message), in the families' order.
 */
export function recipientsOf(families: Family[]): Recipient[] {
  const byContact = new Map<string, Recipient>();
  for (const f of families) {
    for (const m of f.members) {
      if (!m.contactId) continue;
      const r = byContact.get(m.contactId);
      if (!r) byContact.set(m.contactId, { contactId: m.contactId, member: m, families: [f] });
      else if (!r.families.includes(f)) r.families.push(f);
    }
  }
  return [...byContact.values()];
}

/**
 * Enqueues one message per recipient in the caller's transaction: `render(carers)` gives the
 * text, where `carers` is the reminder of who is caring (for a parent away; null for anyone
 * else). Dedupe key `<keyPrefix>:g<guardianId>`, so a handler run twice sends nothing twice.
 */
export async function relayToRecipients(
  db: Tx,
  recipients: Recipient[],
  o: { keyPrefix: string; now: Date; render: (carers: CarerNote[] | null) => string; attachment?: { path: string; name: string } },
): Promise<void> {
  for (const r of recipients) {
    const carers = r.member.away ? carerNotes(r.families, r.member.guardianId) : null;
    await enqueue(
      db,
      { dedupeKey: `${o.keyPrefix}:g${r.member.guardianId}`, to: { kind: "CONTACT", id: r.contactId }, text: o.render(carers), ...(o.attachment ? { attachment: o.attachment } : {}) },
      o.now,
    );
  }
}
