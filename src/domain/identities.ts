import type { Deps } from "./deps.ts";
import { loadContactFacts } from "../db/hot.ts";
import type { GuardianRelation, StaffRole } from "../generated/prisma/enums.ts";

/** A role a sender holds. `unbound` is a contact with no binding at all. */
export type Role = "unbound" | "guardian" | "teacher" | "coordinator" | "admin";

/** A child as its guardian sees it in their own binding. */
export interface ChildRef {
  id: number;
  name: string;
  className: string;
}

/** A guardian record the contact is bound to, with its children (ACTIVE and others). */
export interface GuardianBinding {
  id: number;
  schoolId: number;
  name: string;
  relation: GuardianRelation;
  isCaregiver: boolean;
  worksAway: boolean;
  children: ChildRef[];
}

/** A staff record the contact is bound to. */
export interface StaffBinding {
  id: number;
  schoolId: number;
  name: string;
  role: StaffRole;
  /** Classes where this staff member is the homeroom teacher. */
  homeroomClasses: string[];
  /** Other classes they teach. */
  teachingClasses: string[];
}

/**
 * Who sent a message, resolved by WeChat contact id only (never by display name: two parents
 * both shown as 王芳 stay apart). `roles` is never empty: `unbound` when there is no binding.
 */
export interface SenderProfile {
  contactId: string;
  /** Display name as WeChat showed it; for greetings only, never for identity. */
  displayName: string;
  roles: ReadonlySet<Role>;
  staff: StaffBinding | null;
  guardians: GuardianBinding[];
  /** A multi-step exchange awaits this contact's next message (domain/pending.ts). */
  hasPendingAction: boolean;
}

const STAFF_ROLE_TO_ROLE: Record<StaffRole, Role[]> = {
  TEACHER: ["teacher"],
  COORDINATOR: ["teacher", "coordinator"],
  ADMIN: ["teacher", "coordinator", "admin"],
};

/**
 * Loads the bindings of `contactId` (inactive staff records are ignored). A coordinator also
 * holds `teacher` (they are staff and may do what any teacher may); an admin holds all three.
 * On the hot path: an unbound contact costs one query, a guardian two (db/hot.ts).
 */
export async function resolveSender({ db }: Deps, contactId: string, displayName: string): Promise<SenderProfile> {
  const facts = await loadContactFacts(db, contactId);
  const roles = new Set<Role>();
  let staff: StaffBinding | null = null;
  const guardians: GuardianBinding[] = [];
  if (facts.staffIds.length > 0) {
    const rows = await db.staff.findMany({
      where: { id: { in: facts.staffIds }, active: true },
      include: { homeroomOf: { select: { name: true } }, teaches: { select: { class: { select: { name: true } } } } },
      orderBy: { id: "asc" },
    });
    const s = rows[0];
    if (s) {
      staff = {
        id: s.id,
        schoolId: s.schoolId,
        name: s.name,
        role: s.role,
        homeroomClasses: s.homeroomOf.map((c) => c.name),
        teachingClasses: s.teaches.map((t) => t.class.name).filter((n) => !s.homeroomOf.some((h) => h.name === n)),
      };
      for (const r of STAFF_ROLE_TO_ROLE[s.role]) roles.add(r);
    }
  }
  if (facts.guardianRows.length > 0) {
    const byId = new Map<number, GuardianBinding>();
    for (const r of facts.guardianRows) {
      let g = byId.get(r.id);
      if (!g) {
        g = { id: r.id, schoolId: r.schoolId, name: r.name, relation: r.relation as GuardianRelation, isCaregiver: r.isCaregiver, worksAway: r.worksAway, children: [] };
        byId.set(r.id, g);
        guardians.push(g);
      }
      if (r.childId !== null) g.children.push({ id: r.childId, name: r.childName!, className: r.className! });
    }
    roles.add("guardian");
  }
  if (roles.size === 0) roles.add("unbound");
  return { contactId, displayName, roles, staff, guardians, hasPendingAction: facts.hasPending };
}

/**
 * Human names of the people behind WeChat contact ids, for staff-facing lists (who a failed
 * message was for). Unknown contacts map to null.
 */
export async function findNamesByContact({ db }: Deps, contactIds: string[]): Promise<Map<string, string>> {
  const rows = await db.wechatIdentity.findMany({
    where: { contactId: { in: [...new Set(contactIds)] } },
    include: { staff: { select: { name: true } }, guardian: { select: { name: true } } },
  });
  const out = new Map<string, string>();
  for (const r of rows) {
    const name = r.staff?.name ?? r.guardian?.name;
    if (name && !out.has(r.contactId)) out.set(r.contactId, name);
  }
  return out;
}
