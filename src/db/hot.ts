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
  /** The message; with `attachment`, only a label for logs and lists (not sent). */
  text: string;
  /** A saved file: the row sends this file only, never its text (see outbox/enqueue.ts). */
  attachment?: { path: string; name: string };
}

/**
 * Inserts PENDING outbox rows due at `now`, skipping any whose dedupeKey exists already (the
 * same no-op-on-repeat rule as outbox/enqueue.ts). Returns how many were inserted.
 */
export async function insertOutboxRows(tx: Tx, rows: readonly OutboxInsert[], now: Date): Promise<number> {
  let inserted = 0;
  for (const r of rows) {
    inserted += await tx.$executeRaw`INSERT INTO "OutboxMessage" ("dedupeKey", "conversationKind", "conversationId", "text", "attachmentPath", "attachmentName", "status", "attempts", "nextAttemptAt", "createdAt") VALUES (${r.dedupeKey}, ${r.kind}, ${r.conversationId}, ${r.text}, ${r.attachment?.path ?? null}, ${r.attachment?.name ?? null}, 'PENDING', 0, ${now}, ${now}) ON CONFLICT ("dedupeKey") DO NOTHING`;
  }
  return inserted;
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

/** Everything the router needs to know about a contact before dispatching its message. */
export interface ContactFacts {
  /** The bound guardian records, one row per child, ordered by binding then child. */
  guardianRows: GuardianChildRow[];
  staffIds: number[];
  hasPending: boolean;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * One query for a contact: its bound guardian records with their children and classes, its
 * bound staff ids, and whether a pending exchange exists. (NULLs are cast so PostgreSQL can
 * type the UNION.)
 */
export async function loadContactFacts(tx: Tx, contactId: string): Promise<ContactFacts> {
  const rows = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT 'g' AS "t", wi."id" AS "wid", g."id" AS "id", g."schoolId" AS "schoolId", g."name" AS "name", g."relation" AS "relation",
           g."isCaregiver" AS "isCaregiver", g."worksAway" AS "worksAway",
           s."id" AS "childId", s."name" AS "childName", c."name" AS "className"
      FROM "WechatIdentity" wi
      JOIN "Guardian" g ON g."id" = wi."guardianId"
      LEFT JOIN "StudentGuardian" sg ON sg."guardianId" = g."id"
      LEFT JOIN "Student" s ON s."id" = sg."studentId"
      LEFT JOIN "Class" c ON c."id" = s."classId"
     WHERE wi."contactId" = ${contactId}
    UNION ALL
    SELECT 's', wi."id", wi."staffId", CAST(NULL AS INTEGER), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS BOOLEAN), CAST(NULL AS BOOLEAN),
           CAST(NULL AS INTEGER), CAST(NULL AS TEXT), CAST(NULL AS TEXT)
      FROM "WechatIdentity" wi WHERE wi."contactId" = ${contactId} AND wi."staffId" IS NOT NULL
    UNION ALL
    SELECT 'p', CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS BOOLEAN), CAST(NULL AS BOOLEAN),
           CAST(NULL AS INTEGER), CAST(NULL AS TEXT), CAST(NULL AS TEXT)
      FROM "PendingAction" WHERE "contactId" = ${contactId}
    ORDER BY 1, 2, 9`;
  const facts: ContactFacts = { guardianRows: [], staffIds: [], hasPending: false };
  for (const r of rows) {
    if (r.t === "p") facts.hasPending = true;
    else if (r.t === "s") facts.staffIds.push(Number(r.id));
    else
      facts.guardianRows.push({
        id: Number(r.id),
        schoolId: Number(r.schoolId),
        name: String(r.name),
        relation: String(r.relation),
        isCaregiver: Boolean(Number(r.isCaregiver)),
        worksAway: Boolean(Number(r.worksAway)),
        childId: num(r.childId),
        childName: r.childName === null ? null : String(r.childName),
        className: r.className === null ? null : String(r.className),
      });
  }
  return facts;
}
