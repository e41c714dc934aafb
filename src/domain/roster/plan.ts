/**
 * Comparing a parsed roster with the database (issue #3), without writing: which rows add a
 * child, which update one (field by field), which change nothing, which are refused, and which
 * ACTIVE children of the listed classes the file no longer lists. The rules:
 * - The student number is the merge key; without one, name + class (+ birth date when both
 *   sides have it). A number stored for another name refuses the row.
 * - Blank cells ask for nothing, so a stored value is never erased by one.
 * - Each child has a father, a mother and a caregiver slot. A slot filled with the same name
 *   updates that person; another name replaces them (unlinked from this child, not deleted).
 * - Parents or caregivers with the same name AND phone are one person shared by siblings; two
 *   rows must then agree on that person's fields.
 * Reads the school in four queries; no query per row.
 */
import type { Deps } from "../deps.ts";
import type { Guardian, Student } from "../../generated/prisma/client.ts";
import { ROSTER_PROBLEM, ROSTER_WORD } from "../../messages/roster.ts";
import { compareClasses } from "../cards.ts";
import type { FieldKey } from "./columns.ts";
import { columnNameOf } from "./header.ts";
import {
  diffGuardian,
  diffStudent,
  guardianColumn,
  guardianPatch,
  newGuardianData,
  newStudentData,
  studentPatch,
  type AuditChanges,
  type GuardianData,
  type ShownChange,
  type StudentData,
} from "./fields.ts";
import { classKey, normalizeName, parseClassName } from "./normalize.ts";
import type { RosterTable } from "./rows.ts";
import type { ParsedRow, Problem, Slot } from "./types.ts";

/** An existing class (`id`) or one the plan creates (`newKey`, see {@link RosterPlan.classes}). */
export type ClassRef = { id: number } | { newKey: string };
/** An existing record (`id`) or one the plan creates (index into the plan's list). */
export type Ref = { id: number } | { newIndex: number };

/** What happened to one data row. */
export interface RowOutcome {
  row: number;
  kind: "added" | "updated" | "unchanged" | "rejected";
  name: string;
  studentNo: string | null;
  changes: ShownChange[];
  problems: Problem[];
}

/** Everything an import would write, and the report's facts. Rows with problems contribute no writes. */
export interface RosterPlan {
  schoolId: number;
  outcomes: RowOutcome[];
  classes: { key: string; name: string; grade: number | null; row: number }[];
  students: { row: number; classRef: ClassRef; data: StudentData }[];
  guardians: { row: number; data: GuardianData }[];
  studentUpdates: { id: number; row: number; data: Partial<StudentData>; classRef?: ClassRef; audit: AuditChanges }[];
  guardianUpdates: Map<number, { rows: number[]; data: Partial<GuardianData>; audit: AuditChanges }>;
  links: { student: Ref; guardian: Ref; row: number }[];
  unlinks: { studentId: number; guardianId: number; row: number }[];
  /** ACTIVE children of the classes the file lists whom no row names (reported, never deleted). */
  missing: { name: string; studentNo: string | null; className: string }[];
  warnings: Problem[];
}

/** Input of {@link planRosterImport}. */
export interface PlanInput {
  schoolId: number;
  table: RosterTable;
  /** `--create-classes`: a class the school lacks is created instead of refusing the row. */
  createClasses: boolean;
  onProgress?: (done: number, total: number) => void;
}

const PARENT_RELATION = { father: "FATHER", mother: "MOTHER" } as const;
const shareKey = (kind: string, name: string, phone: string | null | undefined) => (phone ? `${kind}|${name}|${phone}` : null);
const kindOf = (slot: Slot) => (slot === "caregiver" ? "C" : PARENT_RELATION[slot]);
const kindOfRelation = (r: Guardian["relation"]) => (r === "FATHER" || r === "MOTHER" ? r : "C");
const refKey = (r: Ref) => ("id" in r ? `d${r.id}` : `n${r.newIndex}`);
const birthKey = (d: Date | null | undefined) => (d ? d.toISOString() : "");

/**
 * Plans the import of `table` into school `schoolId`. Read-only; rows are taken in file order
 * (the first of two conflicting rows wins, the second is refused). Settings: deps.settings.
 * storeFullIdNumber decides whether ID numbers are kept in full.
 */
export async function planRosterImport(deps: Deps, input: PlanInput): Promise<RosterPlan> {
  const { db, settings } = deps;
  const { schoolId, table } = input;
  const [classes, students, links, guardians] = await Promise.all([
    db.class.findMany({ where: { schoolId }, select: { id: true, name: true, grade: true } }),
    db.student.findMany({ where: { schoolId } }),
    db.studentGuardian.findMany({ where: { student: { schoolId } } }),
    db.guardian.findMany({ where: { schoolId } }),
  ]);
  const columnName = (key: FieldKey) => columnNameOf(table.header, key);
  const classByName = new Map(classes.map((c) => [c.name, c]));
  const classByKey = new Map<string, (typeof classes)[number]>();
  for (const c of classes) if (!classByKey.has(classKey(c.name))) classByKey.set(classKey(c.name), c);
  const classById = new Map(classes.map((c) => [c.id, c]));
  const byNo = new Map<string, Student>();
  const byNameClass = new Map<string, Student[]>();
  for (const s of students) {
    if (s.studentNo) byNo.set(s.studentNo, s);
    const k = `${s.classId}|${normalizeName(s.name)}`;
    byNameClass.set(k, [...(byNameClass.get(k) ?? []), s]);
  }
  const linksOf = new Map<number, Set<number>>();
  for (const l of links) linksOf.set(l.studentId, (linksOf.get(l.studentId) ?? new Set()).add(l.guardianId));
  /** Guardians as the plan will leave them (stored values overlaid with earlier rows' updates). */
  const state = new Map<number, Guardian>(guardians.map((g) => [g.id, g]));
  const sharedDb = new Map<string, number>();
  for (const g of guardians) {
    const k = shareKey(kindOfRelation(g.relation), normalizeName(g.name), g.phone);
    if (k && !sharedDb.has(k)) sharedDb.set(k, g.id);
  }

  const plan: RosterPlan = {
    schoolId,
    outcomes: [],
    classes: [],
    students: [],
    guardians: [],
    studentUpdates: [],
    guardianUpdates: new Map(),
    links: [],
    unlinks: [],
    missing: [],
    warnings: [],
  };
  const sharedNew = new Map<string, number>();
  const newClassByKey = new Map<string, string>();
  /** What earlier rows said about each person (their patches), to refuse a row that disagrees. */
  const claims = new Map<string, { patch: Partial<GuardianData>; row: number }[]>();
  const seenNo = new Map<string, number>();
  const seenChild = new Map<string, number>();
  const matched = new Map<number, number>();
  const listedClasses = new Set<number>();

  /** Plans one row; returns its outcome, and commits its writes only when it has no problem. */
  const planRow = (row: ParsedRow): RowOutcome => {
    const s = row.student;
    const problems: Problem[] = [...row.problems];
    const problem = (key: FieldKey, reason: string) => problems.push({ row: row.rowNumber, column: columnName(key), reason });
    const outcome = (kind: RowOutcome["kind"], changes: ShownChange[] = []): RowOutcome => ({
      row: row.rowNumber,
      kind,
      name: s.name,
      studentNo: s.studentNo ?? null,
      changes,
      problems,
    });

    // The class: existing, to create (--create-classes), or unknown.
    let classRef: ClassRef | undefined;
    const ck = s.className ? classKey(s.className) : null;
    if (s.className && ck) {
      const c = classByName.get(s.className) ?? classByKey.get(ck);
      if (c) {
        classRef = { id: c.id };
        listedClasses.add(c.id);
      } else if (input.createClasses) classRef = { newKey: ck };
      else problem("className", ROSTER_PROBLEM.unknownClass(s.className));
    }

    // The same child twice in the file.
    if (s.studentNo) {
      const first = seenNo.get(s.studentNo);
      if (first !== undefined) problem("studentNo", ROSTER_PROBLEM.duplicateNo(s.studentNo, first));
      else seenNo.set(s.studentNo, row.rowNumber);
    } else if (s.name && ck) {
      const k = `${ck}|${s.name}|${birthKey(s.birthDate)}`;
      const first = seenChild.get(k);
      if (first !== undefined) problem("name", ROSTER_PROBLEM.duplicateChild(first));
      else seenChild.set(k, row.rowNumber);
    }

    // The stored child this row is about.
    let existing: Student | null = null;
    const byNumber = s.studentNo ? byNo.get(s.studentNo) : undefined;
    if (byNumber) {
      if (normalizeName(byNumber.name) !== s.name) problem("name", ROSTER_PROBLEM.numberNameMismatch(s.studentNo!, byNumber.name));
      else existing = byNumber;
    } else if (s.name && classRef && "id" in classRef) {
      const candidates = (byNameClass.get(`${classRef.id}|${s.name}`) ?? []).filter(
        (c) => (!s.studentNo || c.studentNo === null) && (!c.birthDate || !s.birthDate || c.birthDate.getTime() === s.birthDate.getTime()),
      );
      if (candidates.length > 1) problem("name", ROSTER_PROBLEM.ambiguousChild(candidates.length));
      else existing = candidates[0] ?? null;
    }
    if (existing) {
      const first = matched.get(existing.id);
      if (first !== undefined) problem("name", ROSTER_PROBLEM.sameChildTwice(first));
      else matched.set(existing.id, row.rowNumber);
      listedClasses.add(existing.classId);
    } else if (s.name) {
      if (!s.className) problem("className", ROSTER_PROBLEM.classMissing);
      if (!s.leftBehindType) problem("leftBehindType", ROSTER_PROBLEM.typeMissing);
    }
    if (problems.length) return outcome("rejected");

    // Student fields.
    const patch = studentPatch(s, settings.storeFullIdNumber);
    const changes: ShownChange[] = [];
    let update: RosterPlan["studentUpdates"][number] | null = null;
    if (existing) {
      const d = diffStudent(existing, patch, columnName);
      changes.push(...d.shown);
      const moved = classRef && !("id" in classRef && classRef.id === existing.classId);
      if (moved) {
        const to = "id" in classRef! ? classById.get(classRef.id)!.name : s.className!;
        changes.unshift({ column: columnName("className"), from: classById.get(existing.classId)?.name ?? ROSTER_WORD.empty, to });
        d.audit.classId = { old: existing.classId, new: "id" in classRef! ? classRef.id : s.className };
      }
      if (d.shown.length || moved) update = { id: existing.id, row: row.rowNumber, data: d.data, ...(moved ? { classRef: classRef! } : {}), audit: d.audit };
    }
    const studentRef: Ref = existing ? { id: existing.id } : { newIndex: plan.students.length };

    // Adults: patches, new records, links, and the consistency claims of shared people.
    const newGuardians: RosterPlan["guardians"] = [];
    const links: RosterPlan["links"] = [];
    const unlinks: RosterPlan["unlinks"] = [];
    const patches: { ref: Ref; patch: Partial<GuardianData>; slot: Slot }[] = [];
    const linked = existing ? (linksOf.get(existing.id) ?? new Set<number>()) : new Set<number>();
    const type = s.leftBehindType ?? existing?.leftBehindType;
    for (const g of row.guardians) {
      const gPatch = guardianPatch(g, type);
      const current = existing ? slotHolder(linked, g.slot) : null;
      let ref: Ref | null = null;
      if (current && normalizeName(current.name) === g.name) ref = { id: current.id };
      else {
        if (current) unlinks.push({ studentId: existing!.id, guardianId: current.id, row: row.rowNumber });
        if (existing) changes.push({ column: guardianColumn(g.slot, "name", columnName), from: current?.name ?? ROSTER_WORD.empty, to: g.name });
        const k = shareKey(kindOf(g.slot), g.name, g.phone);
        const sharedId = k ? sharedDb.get(k) : undefined;
        const sharedIndex = k ? sharedNew.get(k) : undefined;
        if (sharedId !== undefined) ref = { id: sharedId };
        else if (sharedIndex !== undefined) ref = { newIndex: sharedIndex };
        else {
          ref = { newIndex: plan.guardians.length + newGuardians.length };
          newGuardians.push({ row: row.rowNumber, data: newGuardianData(gPatch) });
        }
        if (!("id" in ref && linked.has(ref.id))) links.push({ student: studentRef, guardian: ref, row: row.rowNumber });
      }
      patches.push({ ref, patch: gPatch, slot: g.slot });
    }
    const guardianChanges: { id: number; data: Partial<GuardianData>; audit: AuditChanges }[] = [];
    for (const { ref, patch: p, slot } of patches) {
      for (const earlier of claims.get(refKey(ref)) ?? []) {
        const field = (Object.keys(p) as (keyof GuardianData)[]).find((f) => f !== "name" && p[f] !== undefined && earlier.patch[f] !== undefined && earlier.patch[f] !== p[f]);
        if (!field) continue;
        const column = guardianColumn(slot, field === "worksAway" ? "workCity" : field === "relationLabel" ? "relation" : (field as Parameters<typeof guardianColumn>[1]), columnName);
        problems.push({ row: row.rowNumber, column, reason: ROSTER_PROBLEM.guardianConflict(earlier.row, `${ROSTER_WORD[slot]}“${p.name}”`, column) });
        break;
      }
      if ("id" in ref) {
        const d = diffGuardian(state.get(ref.id)!, p, slot, columnName);
        if (d.shown.length) {
          if (existing) changes.push(...d.shown);
          guardianChanges.push({ id: ref.id, data: d.data, audit: d.audit });
        }
      }
    }
    if (problems.length) return outcome("rejected");

    // Commit the row's writes.
    for (const { ref, patch: p } of patches) {
      const list = claims.get(refKey(ref));
      if (list) list.push({ patch: p, row: row.rowNumber });
      else claims.set(refKey(ref), [{ patch: p, row: row.rowNumber }]);
    }
    // A person created by an earlier row: this row may add what that row left blank.
    for (const { ref, patch: p } of patches) {
      if ("newIndex" in ref && ref.newIndex < plan.guardians.length) {
        const planned = plan.guardians[ref.newIndex]!.data as Record<string, unknown>;
        for (const [f, v] of Object.entries(p)) if (v !== undefined) planned[f] = v;
      }
    }
    if (classRef && "newKey" in classRef && !newClassByKey.has(classRef.newKey)) {
      newClassByKey.set(classRef.newKey, s.className!);
      plan.classes.push({ key: classRef.newKey, name: s.className!, grade: parseClassName(s.className!)?.grade ?? null, row: row.rowNumber });
    }
    for (const n of newGuardians) {
      const k = shareKeyOfNew(n.data);
      if (k && !sharedNew.has(k)) sharedNew.set(k, plan.guardians.length);
      plan.guardians.push(n);
    }
    for (const c of guardianChanges) {
      state.set(c.id, { ...state.get(c.id)!, ...c.data });
      const u = plan.guardianUpdates.get(c.id) ?? { rows: [], data: {}, audit: {} };
      u.rows.push(row.rowNumber);
      Object.assign(u.data, c.data);
      for (const [f, a] of Object.entries(c.audit)) u.audit[f] = { old: u.audit[f]?.old ?? a.old, new: a.new };
      plan.guardianUpdates.set(c.id, u);
    }
    plan.links.push(...links);
    plan.unlinks.push(...unlinks);
    plan.warnings.push(...row.warnings);
    if (!existing) {
      plan.students.push({ row: row.rowNumber, classRef: classRef!, data: newStudentData(patch, 0) });
      return outcome("added");
    }
    if (update) plan.studentUpdates.push(update);
    return outcome(changes.length ? "updated" : "unchanged", changes);
  };

  /** The guardian holding `slot` among a child's linked guardians (lowest id), as the plan leaves it. */
  const slotHolder = (linked: Set<number>, slot: Slot): Guardian | null => {
    let best: Guardian | null = null;
    for (const id of linked) {
      const g = state.get(id)!;
      const fits = slot === "caregiver" ? g.isCaregiver && g.relation !== "FATHER" && g.relation !== "MOTHER" : g.relation === PARENT_RELATION[slot];
      if (fits && (!best || g.id < best.id)) best = g;
    }
    return best;
  };

  table.rows.forEach((row, i) => {
    plan.outcomes.push(planRow(row));
    if (input.onProgress && (i % 200 === 199 || i === table.rows.length - 1)) input.onProgress(i + 1, table.rows.length);
  });

  plan.missing = students
    .filter((s) => s.status === "ACTIVE" && listedClasses.has(s.classId) && !matched.has(s.id))
    .sort((a, b) => compareClasses(classById.get(a.classId)!, classById.get(b.classId)!) || (a.studentNo ?? "").localeCompare(b.studentNo ?? "") || a.id - b.id)
    .map((s) => ({ name: s.name, studentNo: s.studentNo, className: classById.get(s.classId)!.name }));
  return plan;
}

function shareKeyOfNew(d: GuardianData): string | null {
  return shareKey(kindOfRelation(d.relation), d.name, d.phone);
}

/** True when applying the plan would change nothing. */
export function planIsEmpty(plan: RosterPlan): boolean {
  return (
    plan.classes.length + plan.students.length + plan.guardians.length + plan.studentUpdates.length + plan.guardianUpdates.size + plan.links.length + plan.unlinks.length ===
    0
  );
}

/** Counts of the outcomes. */
export function countOutcomes(plan: RosterPlan): Record<RowOutcome["kind"], number> {
  const counts = { added: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const o of plan.outcomes) counts[o.kind]++;
  return counts;
}
