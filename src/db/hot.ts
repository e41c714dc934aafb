/**
 * The inbound hot path's queries, in SQL. Why here and not as Prisma model calls: every model
 * call compiles its query in Prisma's WebAssembly compiler (~0.5-4 ms each, measured in
 * docs/benchmarks.md), and one message runs five of them; these statements take ~0.1 ms.
 * Portable SQL only (quoted Prisma table names, `ON CONFLICT DO NOTHING`, no SQLite-only
 * functions), valid on SQLite and PostgreSQL. Dates are bound as parameters through the same
 * Prisma client and adapter as model writes, so they are stored in the same format.
 */
import type { Tx } from "./client.ts";

/**
 * Records inbound message `messageId` as processed. Returns false when it already was (a
 * redelivery): `ON CONFLICT DO NOTHING` leaves the transaction usable on PostgreSQL too.
 */
export async function insertProcessedMessage(tx: Tx, messageId: string, processedAt: Date, sentAt: Date): Promise<boolean> {
  const n = await tx.$executeRaw`INSERT INTO "ProcessedMessage" ("messageId", "processedAt", "sentAt") VALUES (${messageId}, ${processedAt}, ${sentAt}) ON CONFLICT ("messageId") DO NOTHING`;
  return n === 1;
}

/** One outbox row to insert; `kind` is the conversation kind. */
export interface OutboxInsert {
  dedupeKey: string;
  kind: "CONTACT" | "ROOM";
  conversationId: string;
  text: string;
}

/**
 * Inserts PENDING outbox rows due at `now`, skipping any whose dedupeKey exists already (the
 * same no-op-on-repeat rule as outbox/enqueue.ts). Returns how many were inserted.
 */
export async function insertOutboxRows(tx: Tx, rows: readonly OutboxInsert[], now: Date): Promise<number> {
  let inserted = 0;
  for (const r of rows) {
    inserted += await tx.$executeRaw`INSERT INTO "OutboxMessage" ("dedupeKey", "conversationKind", "conversationId", "text", "status", "attempts", "nextAttemptAt", "createdAt") VALUES (${r.dedupeKey}, ${r.kind}, ${r.conversationId}, ${r.text}, 'PENDING', 0, ${now}, ${now}) ON CONFLICT ("dedupeKey") DO NOTHING`;
  }
  return inserted;
}

/** What the sender lookup needs to know first: the contact's bindings and pending exchange. */
export interface ContactFacts {
  guardianIds: number[];
  staffIds: number[];
  hasPending: boolean;
}

/** One query: the guardian and staff records bound to `contactId`, and whether a pending exchange exists. */
export async function loadContactFacts(tx: Tx, contactId: string): Promise<ContactFacts> {
  const rows = await tx.$queryRaw<{ t: string; gid: unknown; sid: unknown }[]>`
    SELECT 'i' AS "t", "guardianId" AS "gid", "staffId" AS "sid" FROM "WechatIdentity" WHERE "contactId" = ${contactId}
    UNION ALL
    SELECT 'p' AS "t", NULL AS "gid", NULL AS "sid" FROM "PendingAction" WHERE "contactId" = ${contactId}`;
  const facts: ContactFacts = { guardianIds: [], staffIds: [], hasPending: false };
  for (const r of rows) {
    if (r.t === "p") facts.hasPending = true;
    if (r.gid !== null && r.gid !== undefined) facts.guardianIds.push(Number(r.gid));
    if (r.sid !== null && r.sid !== undefined) facts.staffIds.push(Number(r.sid));
  }
  return facts;
}

/** A guardian record with one of its children per row (child columns null when it has none). */
export interface GuardianChildRow {
  id: number;
  schoolId: number;
  name: string;
  relation: string;
  isCaregiver: boolean;
  worksAway: boolean;
  childId: number | null;
  childName: string | null;
  className: string | null;
}

/** The guardians `ids` with their children and the children's classes, ordered by guardian then child. */
export async function loadGuardiansWithChildren(tx: Tx, ids: readonly number[]): Promise<GuardianChildRow[]> {
  const out: GuardianChildRow[] = [];
  for (const id of ids) {
    const rows = await tx.$queryRaw<Record<string, unknown>[]>`
      SELECT g."id", g."schoolId", g."name", g."relation", g."isCaregiver", g."worksAway",
             s."id" AS "childId", s."name" AS "childName", c."name" AS "className"
      FROM "Guardian" g
      LEFT JOIN "StudentGuardian" sg ON sg."guardianId" = g."id"
      LEFT JOIN "Student" s ON s."id" = sg."studentId"
      LEFT JOIN "Class" c ON c."id" = s."classId"
      WHERE g."id" = ${id}
      ORDER BY s."id"`;
    for (const r of rows) {
      out.push({
        id: Number(r.id),
        schoolId: Number(r.schoolId),
        name: String(r.name),
        relation: String(r.relation),
        isCaregiver: Boolean(Number(r.isCaregiver)),
        worksAway: Boolean(Number(r.worksAway)),
        childId: r.childId === null ? null : Number(r.childId),
        childName: r.childName === null ? null : String(r.childName),
        className: r.className === null ? null : String(r.className),
      });
    }
  }
  return out;
}
