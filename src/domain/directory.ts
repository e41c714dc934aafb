import type { Deps } from "./deps.ts";
import type { CodeTarget } from "./bindings.ts";
import type { GuardianRelation, StaffRole } from "../generated/prisma/enums.ts";
import { RELATION_WORDS } from "../messages/zh.ts";

/** A person a coordinator may mean by a name: a staff member, or a guardian with their children. */
export type Person =
  | { kind: "staff"; id: number; name: string; role: StaffRole; bound: boolean }
  | { kind: "guardian"; id: number; name: string; relation: GuardianRelation; children: string[]; bound: boolean };

/** The {@link CodeTarget} of a person. */
export function targetOf(p: Person): CodeTarget {
  return { kind: p.kind, id: p.id };
}

/**
 * Finds the people of school `schoolId` that `query` names, for `绑定码 <姓名>`:
 * a staff member's or guardian's exact name, a child's name (all that child's guardians), or a
 * child's name followed by a relation word (`张小明妈妈`, `张小明的奶奶`). Returns [] when
 * nothing matches. Only ACTIVE children's guardians are listed.
 */
export async function findPeopleByName({ db }: Deps, input: { schoolId: number; query: string }): Promise<Person[]> {
  const q = input.query.trim();
  if (!q) return [];
  const out: Person[] = [];
  const staff = await db.staff.findMany({
    where: { schoolId: input.schoolId, name: q, active: true },
    include: { identity: { select: { id: true } } },
    orderBy: { id: "asc" },
  });
  for (const s of staff) out.push({ kind: "staff", id: s.id, name: s.name, role: s.role, bound: s.identity !== null });

  const guardianInclude = {
    identity: { select: { id: true } },
    students: { include: { student: { select: { name: true, status: true } } } },
  } as const;
  const byName = await db.guardian.findMany({ where: { schoolId: input.schoolId, name: q }, include: guardianInclude, orderBy: { id: "asc" } });

  let childName = q;
  let relations: GuardianRelation[] | null = null;
  for (const [word, rels] of Object.entries(RELATION_WORDS)) {
    const m = new RegExp(`^(.+?)的?${word}$`).exec(q);
    if (m) {
      childName = m[1]!;
      relations = rels;
      break;
    }
  }
  const byChild = await db.guardian.findMany({
    where: {
      schoolId: input.schoolId,
      students: { some: { student: { name: childName, status: "ACTIVE" } } },
      ...(relations ? { relation: { in: relations } } : {}),
    },
    include: guardianInclude,
    orderBy: { id: "asc" },
  });
  const seen = new Set<number>();
  for (const g of [...byName, ...byChild]) {
    if (seen.has(g.id)) continue;
    seen.add(g.id);
    out.push({
      kind: "guardian",
      id: g.id,
      name: g.name,
      relation: g.relation,
      children: g.students.filter((s) => s.student.status === "ACTIVE").map((s) => s.student.name),
      bound: g.identity !== null,
    });
  }
  return out;
}

/** One row of a binding-code sheet for the CLI. */
export interface CodeRecipient {
  target: CodeTarget;
  className: string;
  childName: string;
  personName: string;
  relation: GuardianRelation | StaffRole;
  bound: boolean;
}

/**
 * Lists who should receive binding codes: every guardian of the ACTIVE children of the class
 * named `className` (or of every class when null), and with no class filter every active staff
 * member too. Sorted by class, child, then person.
 */
export async function listCodeRecipients(
  { db }: Deps,
  input: { schoolId: number; className: string | null },
): Promise<CodeRecipient[]> {
  const students = await db.student.findMany({
    where: { schoolId: input.schoolId, status: "ACTIVE", ...(input.className ? { class: { name: input.className } } : {}) },
    include: { class: true, guardians: { include: { guardian: { include: { identity: { select: { id: true } } } } } } },
    orderBy: [{ classId: "asc" }, { id: "asc" }],
  });
  const out: CodeRecipient[] = [];
  const seen = new Set<number>();
  for (const s of students) {
    for (const { guardian: g } of s.guardians) {
      if (seen.has(g.id)) continue;
      seen.add(g.id);
      out.push({ target: { kind: "guardian", id: g.id }, className: s.class.name, childName: s.name, personName: g.name, relation: g.relation, bound: g.identity !== null });
    }
  }
  if (!input.className) {
    const staff = await db.staff.findMany({
      where: { schoolId: input.schoolId, active: true },
      include: { identity: { select: { id: true } } },
      orderBy: { id: "asc" },
    });
    for (const s of staff) out.push({ target: { kind: "staff", id: s.id }, className: "", childName: "", personName: s.name, relation: s.role, bound: s.identity !== null });
  }
  return out;
}

/** Returns the id of the only school in the database; throws Error when there is none or several. */
export async function getOnlySchoolId({ db }: Deps): Promise<number> {
  const schools = await db.school.findMany({ select: { id: true }, take: 2 });
  if (schools.length !== 1) throw new Error(schools.length === 0 ? "no school in the database: run `npm run seed` or import a roster" : "several schools: name one");
  return schools[0]!.id;
}
