import type { Deps } from "./deps.ts";
import type { CodeTarget } from "./bindings.ts";
import type { GuardianRelation, StaffRole } from "../generated/prisma/enums.ts";
import { RELATION_WORDS } from "../messages/zh.ts";

/**
 * Prisma filter on Class: the classes teacher `teacherId` is homeroom teacher of or teaches
 * (ClassTeacher). A teacher's scope over children is the children of these classes.
 */
export function classesOfTeacher(teacherId: number) {
  return { OR: [{ homeroomTeacherId: teacherId }, { teachers: { some: { staffId: teacherId } } }] };
}

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
 * nothing matches. Only ACTIVE children's guardians are listed. With `scope: { teacherId }`
 * (a teacher, not a coordinator) only guardians of children in that teacher's classes, and no
 * staff, are found: a teacher issues codes for their own families only.
 */
export async function findPeopleByName(
  { db }: Deps,
  input: { schoolId: number; query: string; scope?: "school" | { teacherId: number } },
): Promise<Person[]> {
  const q = input.query.trim();
  if (!q) return [];
  const out: Person[] = [];
  const scope = input.scope ?? "school";
  if (scope === "school") {
    const staff = await db.staff.findMany({
      where: { schoolId: input.schoolId, name: q, active: true },
      include: { identity: { select: { id: true } } },
      orderBy: { id: "asc" },
    });
    for (const s of staff) out.push({ kind: "staff", id: s.id, name: s.name, role: s.role, bound: s.identity !== null });
  }
  // A teacher's scope: the active children of the classes they are homeroom teacher of or teach.
  const inScope = scope === "school" ? {} : { students: { some: { student: { status: "ACTIVE" as const, class: classesOfTeacher(scope.teacherId) } } } };

  const guardianInclude = {
    identity: { select: { id: true } },
    students: { include: { student: { select: { name: true, status: true } } } },
  } as const;
  const byName = await db.guardian.findMany({ where: { schoolId: input.schoolId, name: q, ...inScope }, include: guardianInclude, orderBy: { id: "asc" } });

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
      AND: [inScope],
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

/** One row of a binding-code sheet for the CLI: one person, once, with all their ACTIVE children. */
export interface CodeRecipient {
  target: CodeTarget;
  /** The classes of the person's ACTIVE children, without repeats, in class order; [] for staff. */
  classNames: string[];
  /** The person's ACTIVE children, by class then roster order; [] for staff. */
  childNames: string[];
  personName: string;
  relation: GuardianRelation | StaffRole;
  bound: boolean;
  /** The person's live code (unused, not revoked, not expired; the latest-expiring), or null. */
  liveCode: { code: string; expiresAt: Date } | null;
}

/**
 * Lists who should receive binding codes: every guardian of the ACTIVE children of the class
 * named `className` (or of every class when null), each once with ALL their active children
 * (siblings in other classes too, so a sheet shows the whole family), and with no class filter
 * every active staff member too. Each comes with their live code, so a caller can hand out the
 * code already printed instead of voiding it. Guardians are sorted by their first child's class
 * (grade, then name), then that child (roster order); staff follow, by id.
 */
export async function listCodeRecipients(
  { db, clock }: Deps,
  input: { schoolId: number; className: string | null },
): Promise<CodeRecipient[]> {
  const liveCodes = {
    // Reused only with a week left: a sheet handed out today must not expire in a day or two.
    where: { usedAt: null, revokedAt: null, expiresAt: { gt: new Date(clock.now().getTime() + 7 * 86_400_000) } },
    orderBy: { expiresAt: "desc" },
    take: 1,
    select: { code: true, expiresAt: true },
  } as const;
  const guardians = await db.guardian.findMany({
    where: {
      schoolId: input.schoolId,
      students: { some: { student: { status: "ACTIVE", ...(input.className ? { class: { name: input.className } } : {}) } } },
    },
    include: {
      identity: { select: { id: true } },
      bindingCodes: liveCodes,
      students: {
        where: { student: { status: "ACTIVE" } },
        include: { student: { select: { id: true, name: true, class: { select: { id: true, name: true, grade: true } } } } },
      },
    },
    orderBy: { id: "asc" },
  });
  type Child = (typeof guardians)[number]["students"][number]["student"];
  const byClassThenRoster = (a: Child, b: Child) =>
    (a.class.grade ?? Infinity) - (b.class.grade ?? Infinity) ||
    a.class.name.localeCompare(b.class.name, "zh-CN", { numeric: true }) ||
    a.class.id - b.class.id ||
    a.id - b.id;
  const families = guardians.map((g) => ({ g, children: g.students.map((s) => s.student).sort(byClassThenRoster) }));
  families.sort((x, y) => byClassThenRoster(x.children[0]!, y.children[0]!) || x.g.id - y.g.id);
  const out: CodeRecipient[] = families.map(({ g, children }) => ({
    target: { kind: "guardian", id: g.id },
    classNames: [...new Set(children.map((c) => c.class.name))],
    childNames: children.map((c) => c.name),
    personName: g.name,
    relation: g.relation,
    bound: g.identity !== null,
    liveCode: g.bindingCodes[0] ?? null,
  }));
  if (!input.className) {
    const staff = await db.staff.findMany({
      where: { schoolId: input.schoolId, active: true },
      include: { identity: { select: { id: true } }, bindingCodes: liveCodes },
      orderBy: { id: "asc" },
    });
    for (const s of staff) {
      out.push({ target: { kind: "staff", id: s.id }, classNames: [], childNames: [], personName: s.name, relation: s.role, bound: s.identity !== null, liveCode: s.bindingCodes[0] ?? null });
    }
  }
  return out;
}

/** Returns the id of the only school in the database; throws Error when there is none or several. */
export async function getOnlySchoolId({ db }: Deps): Promise<number> {
  const schools = await db.school.findMany({ select: { id: true }, take: 2 });
  if (schools.length !== 1) throw new Error(schools.length === 0 ? "no school in the database: run `npm run seed` or import a roster" : "several schools: name one");
  return schools[0]!.id;
}
