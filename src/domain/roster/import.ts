/**
 * `roster import` as one domain operation (issue #3): plan the parsed file against the school,
 * then write it, all in the caller's transaction. A real run with any refused row writes nothing
 * unless `acceptPartial`; a dry run never writes. The report is always built.
 */
import type { Deps } from "../deps.ts";
import { recordAudit, type AuditActor } from "../audit.ts";
import { DomainError } from "../errors.ts";
import { getOnlySchoolId } from "../directory.ts";
import type { RosterReportView } from "../../messages/roster.ts";
import { applyRosterPlan, type ApplyResult } from "./apply.ts";
import { countOutcomes, planIsEmpty, planRosterImport, type RosterPlan } from "./plan.ts";
import type { RosterTable } from "./rows.ts";
import { RosterError } from "./types.ts";

/** Options of {@link importRoster}. */
export interface ImportRosterInput {
  table: RosterTable;
  actor: AuditActor;
  dryRun: boolean;
  /** Write the good rows even when some are refused. */
  acceptPartial: boolean;
  /** Create the classes the school lacks. */
  createClasses: boolean;
  /** Creates the school when the database has none yet (first import). */
  schoolName?: string;
  onProgress?: (phase: "check" | "write", done: number, total: number) => void;
}

/** The plan, the report's facts, and what was written (null when nothing). */
export interface ImportRosterResult {
  plan: RosterPlan;
  report: RosterReportView;
  applied: ApplyResult | null;
}

/**
 * Whole-school roster work (import, export) is for the CLI operator and active coordinators or
 * admins: a teacher's scope is one class, and the roster holds every family's data.
 * Throws DomainError FORBIDDEN for anyone else.
 */
export async function assertRosterActor({ db }: Deps, actor: AuditActor): Promise<void> {
  if (actor.type === "CLI") return;
  if (actor.type === "STAFF") {
    const staff = await db.staff.findUnique({ where: { id: actor.id } });
    if (staff && staff.active && staff.role !== "TEACHER") return;
  }
  throw new DomainError("FORBIDDEN");
}

/**
 * Imports a parsed roster into the only school of the database. The actor must be the CLI
 * operator or a coordinator/admin (DomainError FORBIDDEN otherwise). Throws RosterError
 * NO_SCHOOL for a real run when the database has no school and `schoolName` is not given (a dry
 * run then checks the file against an empty school).
 */
export async function importRoster(deps: Deps, input: ImportRosterInput): Promise<ImportRosterResult> {
  const { db, clock } = deps;
  await assertRosterActor(deps, input.actor);

  let schoolId: number | null = null;
  if ((await db.school.count()) > 0) schoolId = await getOnlySchoolId(deps);
  else if (!input.dryRun && !input.schoolName?.trim()) throw new RosterError("NO_SCHOOL");

  // With no school yet, plan against an empty one (id 0 matches nothing).
  const plan = await planRosterImport(deps, {
    schoolId: schoolId ?? 0,
    table: input.table,
    createClasses: input.createClasses,
    onProgress: (d, t) => input.onProgress?.("check", d, t),
  });
  const counts = countOutcomes(plan);
  const write = !input.dryRun && (counts.rejected === 0 || input.acceptPartial) && !planIsEmpty(plan);
  let applied: ApplyResult | null = null;
  if (write) {
    if (schoolId === null) {
      const school = await db.school.create({ data: { name: input.schoolName!.trim(), createdAt: clock.now() } });
      await recordAudit(db, clock.now(), input.actor, "roster.school-created", "School", school.id, { name: school.name });
      plan.schoolId = school.id;
    }
    applied = await applyRosterPlan(deps, plan, input.actor, (d, t) => input.onProgress?.("write", d, t));
  }
  const t = input.table;
  return {
    plan,
    applied,
    report: {
      fileName: t.fileName,
      sheetName: t.sheetName,
      headerRow: t.header.rowNumber,
      dataRows: t.rows.length,
      unknownColumns: t.header.unknown,
      ...counts,
      updates: plan.outcomes.filter((o) => o.kind === "updated").map((o) => ({ row: o.row, name: o.name, studentNo: o.studentNo, changes: o.changes })),
      problems: plan.outcomes.flatMap((o) => o.problems),
      warnings: plan.warnings,
      newClasses: plan.classes.map((c) => c.name),
      missing: plan.missing,
      dryRun: input.dryRun,
      acceptPartial: input.acceptPartial,
      written: applied !== null,
    },
  };
}
