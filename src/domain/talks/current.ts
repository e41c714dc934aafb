/**
 * Shared pieces of the talk-duty follow-up (issue #6 points 3 and 7): the current period, a
 * child looked up among duties by name or student number, and id lookups in chunks.
 */
import type { Deps } from "../deps.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { periodOf, type TalkPeriod } from "../../lib/talk-period.ts";
import { compareClasses } from "../cards.ts";
import { normalizeNameQuery } from "../students.ts";
import { ensureDuties } from "./duties.ts";

/** The TALK_PERIOD period containing now (Asia/Shanghai). */
export function currentPeriod(deps: Deps): TalkPeriod {
  return periodOf(deps.settings.talkPeriod, deps.clock.now());
}

/**
 * The current period, with its duties made present for school `schoolId` first (ensureDuties),
 * so a command on the 1st before the 08:00 sweep, or on a holiday, sees this period's list.
 */
export async function ensureCurrentDuties(deps: Deps, schoolId: number): Promise<TalkPeriod> {
  const period = currentPeriod(deps);
  await ensureDuties(deps, { period, schoolId });
  return period;
}

/** Ids per query in {@link findByIds}: under SQLite's bound-parameter limit as Prisma applies it (999). */
const ID_CHUNK = 500;

/** Runs `fetch` on `ids` in chunks (an `IN` list of thousands exceeds SQLite's parameter limit) and concatenates the rows. */
export async function findByIds<T>(ids: number[], fetch: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) out.push(...(await fetch(ids.slice(i, i + ID_CHUNK))));
  return out;
}

/** A duty a typed name matched, for a reply or a numbered choice. */
export interface DutyMatch {
  dutyId: number;
  studentId: number;
  name: string;
  className: string;
  studentNo: string | null;
}

/**
 * The duties among `where` whose child `query` names: the exact name (normalised like the
 * roster) or the student number. Sorted by class, then student number. [] when none.
 */
export async function findDutiesOfChild({ db }: Deps, where: Prisma.TalkDutyWhereInput, query: string): Promise<DutyMatch[]> {
  const name = normalizeNameQuery(query);
  if (!name) return [];
  const rows = await db.talkDuty.findMany({
    where: { ...where, student: { OR: [{ name }, { studentNo: name.normalize("NFKC") }] } },
    select: { id: true, studentId: true, student: { select: { name: true, studentNo: true, class: { select: { id: true, name: true, grade: true } } } } },
    orderBy: { periodStart: "desc" },
  });
  rows.sort((a, b) => compareClasses(a.student.class, b.student.class) || (a.student.studentNo ?? "").localeCompare(b.student.studentNo ?? "") || a.id - b.id);
  return rows.map((r) => ({ dutyId: r.id, studentId: r.studentId, name: r.student.name, className: r.student.class.name, studentNo: r.student.studentNo }));
}
