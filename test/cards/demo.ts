import { openDb, withTx, type Db, type Tx } from "../../src/db/client.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { seedDemoSchool, type DemoPerson } from "../../prisma/seed-demo.ts";
import { freshDbUrl } from "../helpers/db.ts";

/** Tuesday 2026-12-01 09:00 in Asia/Shanghai. */
export const T0 = "2026-12-01T09:00:00+08:00";

/** A fresh database with the demo school (prisma/seed-demo.ts) seeded at T0. */
export async function givenDemoSchool(): Promise<{ db: Db; url: string; schoolId: number; people: DemoPerson[]; clock: ManualClock }> {
  const url = freshDbUrl();
  const db = await openDb(url);
  const clock = new ManualClock(T0);
  const people = await seedDemoSchool(db, clock, silentLogger());
  const schoolId = await withTx(db, async (tx) => (await tx.school.findFirstOrThrow()).id);
  return { db, url, schoolId, people, clock };
}

/** The id of the class named `name`. */
export async function classId(tx: Tx, name: string): Promise<number> {
  return (await tx.class.findFirstOrThrow({ where: { name } })).id;
}

/** The guardian of child `child` with relation `relation`. */
export async function guardianOf(tx: Tx, child: string, relation: "FATHER" | "MOTHER" | "GRANDMOTHER" | "GRANDFATHER") {
  return tx.guardian.findFirstOrThrow({ where: { relation, students: { some: { student: { name: child } } } } });
}
