/**
 * Set-based talk-duty queries (issue #6, Figures: 30,000 children in under 1 s). Creating a
 * month's TalkDuty rows one by one or with createMany costs seconds in this Prisma version's
 * client engine (about 20 µs per bound value, see bulk.ts), and reading 30,000 duties with the
 * children's names through a nested select half a second; one INSERT ... SELECT, one UPDATE and
 * one joined SELECT let the database do it in about 0.1 s each. The rules they apply are
 * domain/talks/duties.ts's and digest.ts's, written as SQL (portable: SQLite and PostgreSQL).
 */
import { Prisma, type Tx } from "./client.ts";

/** What {@link insertMissingTalkDuties} needs: the period and the rule's inputs. */
export interface MissingDutiesInput {
  period: { key: string; start: Date; end: Date };
  /** Children count when admittedAt (else createdAt) is before this instant. */
  admittedBefore: Date;
  /** TALK_REQUIRED. */
  required: number;
  /** One school, or every school when undefined. */
  schoolId?: number;
  now: Date;
}

function provider(tx: Tx): string {
  return (tx as unknown as { _activeProvider?: string })._activeProvider ?? "sqlite";
}

/** How to pass an instant: the SQLite adapter stores DateTime as ISO text with `+00:00`, so compare and write in that form. */
function dateParam(tx: Tx): (d: Date) => string | Date {
  return provider(tx) === "sqlite" ? (d) => d.toISOString().replace("Z", "+00:00") : (d) => d;
}

/**
 * Inserts a DUE (or DONE, when the talks already logged in the period reach `required`) duty of
 * `period` for every ACTIVE child (of `schoolId`, or of every school) admitted before
 * `admittedBefore` that has none yet, with `done` = those talks, the child's class and its
 * homeroom teacher. Returns the number of rows inserted. Runs in the caller's transaction; a
 * concurrent insert of the same (studentId, period) makes it throw on the unique key.
 */
export async function insertMissingTalkDuties(tx: Tx, input: MissingDutiesInput): Promise<number> {
  const sqlite = provider(tx) === "sqlite";
  const at = dateParam(tx);
  const status = Prisma.raw(sqlite ? "" : `::"TalkDutyStatus"`);
  const school = input.schoolId === undefined ? Prisma.empty : Prisma.sql` AND s."schoolId" = ${input.schoolId}`;
  const { key } = input.period;
  return tx.$executeRaw(Prisma.sql`
    INSERT INTO "TalkDuty" ("schoolId", "studentId", "period", "periodStart", "periodEnd", "classId", "teacherId", "required", "done", "status", "createdAt", "updatedAt")
    SELECT s."schoolId", s."id", ${key}, ${at(input.period.start)}, ${at(input.period.end)}, s."classId", c."homeroomTeacherId", ${input.required},
      COALESCE(t."n", 0), (CASE WHEN COALESCE(t."n", 0) >= ${input.required} THEN 'DONE' ELSE 'DUE' END)${status}, ${at(input.now)}, ${at(input.now)}
    FROM "Student" s
    JOIN "Class" c ON c."id" = s."classId"
    LEFT JOIN (SELECT "studentId", COUNT(*) AS "n" FROM "TalkRecord" WHERE "period" = ${key} GROUP BY "studentId") t ON t."studentId" = s."id"
    WHERE s."status" = 'ACTIVE' AND COALESCE(s."admittedAt", s."createdAt") < ${at(input.admittedBefore)}${school}
      AND NOT EXISTS (SELECT 1 FROM "TalkDuty" d WHERE d."studentId" = s."id" AND d."period" = ${key})
    ORDER BY s."id"`);
}

/**
 * Moves the DUE duties of `periodKey` (of `schoolId`, or every school) whose ACTIVE child is now
 * in another class, or whose class has another homeroom teacher, to the child's class and that
 * teacher. Returns the number of rows changed.
 */
export async function moveDueTalkDuties(tx: Tx, input: { periodKey: string; schoolId?: number; now: Date }): Promise<number> {
  const at = dateParam(tx);
  const school = input.schoolId === undefined ? Prisma.empty : Prisma.sql` AND "schoolId" = ${input.schoolId}`;
  return tx.$executeRaw(Prisma.sql`
    UPDATE "TalkDuty" SET
      "classId" = (SELECT s."classId" FROM "Student" s WHERE s."id" = "TalkDuty"."studentId"),
      "teacherId" = (SELECT c."homeroomTeacherId" FROM "Student" s JOIN "Class" c ON c."id" = s."classId" WHERE s."id" = "TalkDuty"."studentId"),
      "updatedAt" = ${at(input.now)}
    WHERE "period" = ${input.periodKey} AND "status" = 'DUE'${school}
      AND EXISTS (SELECT 1 FROM "Student" s JOIN "Class" c ON c."id" = s."classId"
        WHERE s."id" = "TalkDuty"."studentId" AND s."status" = 'ACTIVE'
          AND (s."classId" <> "TalkDuty"."classId" OR c."homeroomTeacherId" IS DISTINCT FROM "TalkDuty"."teacherId"))`);
}

/** One DUE duty as the daily digest reads it (domain/talks/digest.ts). */
export interface DigestDutyRow {
  teacherId: number;
  studentId: number;
  classId: number;
  done: number;
  required: number;
  /** snoozedUntil is after `now`. */
  snoozed: boolean;
  /** A 免谈 request awaits the coordinator. */
  excuseRequested: boolean;
  name: string;
  studentNo: string | null;
}

/**
 * The DUE duties of `periodKey` whose teacher is active and was bound on WeChat before
 * `boundBefore`, with the child's name and student number: one joined read (Prisma's nested
 * select costs half a second for 30,000 children).
 */
export async function listDigestDuties(tx: Tx, input: { periodKey: string; boundBefore: Date; now: Date }): Promise<DigestDutyRow[]> {
  const at = dateParam(tx);
  const rows = await tx.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    SELECT d."teacherId", d."studentId", d."classId", d."done", d."required",
      CASE WHEN d."snoozedUntil" IS NOT NULL AND d."snoozedUntil" > ${at(input.now)} THEN 1 ELSE 0 END AS "snoozed",
      CASE WHEN d."excuseState" = 'REQUESTED' THEN 1 ELSE 0 END AS "excuseRequested",
      s."name", s."studentNo"
    FROM "TalkDuty" d
    JOIN "Student" s ON s."id" = d."studentId"
    JOIN "Staff" t ON t."id" = d."teacherId"
    JOIN "WechatIdentity" w ON w."staffId" = t."id"
    WHERE d."period" = ${input.periodKey} AND d."status" = 'DUE' AND t."active" AND w."boundAt" < ${at(input.boundBefore)}`);
  return rows.map((r) => ({
    teacherId: Number(r.teacherId),
    studentId: Number(r.studentId),
    classId: Number(r.classId),
    done: Number(r.done),
    required: Number(r.required),
    snoozed: Number(r.snoozed) === 1,
    excuseRequested: Number(r.excuseRequested) === 1,
    name: String(r.name),
    studentNo: r.studentNo === null || r.studentNo === undefined ? null : String(r.studentNo),
  }));
}

/** One DUE duty as a coordinators' list shows it (domain/talks/school-lists.ts). */
export interface ListDutyRow {
  period: string;
  schoolId: number;
  classId: number;
  teacherId: number | null;
  excuseState: string | null;
  student: { name: string; studentNo: string | null };
}

/**
 * The DUE duties of period `periodKey`, or of every period that ended by `endedBy` (periodEnd <=
 * it), with the child's name and student number, in one joined read.
 */
export async function listDueDutiesForLists(tx: Tx, input: { periodKey: string } | { endedBy: Date }): Promise<ListDutyRow[]> {
  const where = "periodKey" in input ? Prisma.sql`d."period" = ${input.periodKey}` : Prisma.sql`d."periodEnd" <= ${dateParam(tx)(input.endedBy)}`;
  const rows = await tx.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    SELECT d."period", d."schoolId", d."classId", d."teacherId", d."excuseState", s."name", s."studentNo"
    FROM "TalkDuty" d JOIN "Student" s ON s."id" = d."studentId"
    WHERE d."status" = 'DUE' AND ${where}`);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    period: String(r.period),
    schoolId: Number(r.schoolId),
    classId: Number(r.classId),
    teacherId: r.teacherId === null || r.teacherId === undefined ? null : Number(r.teacherId),
    excuseState: text(r.excuseState),
    student: { name: String(r.name), studentNo: text(r.studentNo) },
  }));
}
