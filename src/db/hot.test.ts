import { afterEach, describe, expect, it } from "vitest";
import { withTx, type Db } from "./client.ts";
import { insertOutboxRows, insertProcessedMessage, loadContactFacts } from "./hot.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { freshDb } from "../../test/helpers/db.ts";

let db: Db;
afterEach(async () => db?.$disconnect());

const AT = new Date("2026-12-01T01:02:03.004Z");

describe("hot-path SQL", () => {
  it("stores timestamps exactly as Prisma model writes do (one storage type per column)", async () => {
    ({ db } = await freshDb());
    await withTx(db, async (tx) => {
      await insertProcessedMessage(tx, "raw", AT, AT);
      await tx.processedMessage.create({ data: { messageId: "model", processedAt: AT, sentAt: AT } });
      await insertOutboxRows(tx, [{ dedupeKey: "raw", kind: "CONTACT", conversationId: "c", text: "t" }], AT);
      await enqueue(tx, { dedupeKey: "model", to: { kind: "CONTACT", id: "c" }, text: "t" }, AT);
    });
    const stored = await withTx(db, (tx) =>
      tx.$queryRawUnsafe<{ v: string; t: string }[]>(`SELECT ("processedAt" || '') AS v, typeof("processedAt") AS t FROM "ProcessedMessage" ORDER BY "messageId"`),
    );
    expect(stored).toEqual([
      { v: "2026-12-01T01:02:03.004+00:00", t: "text" },
      { v: "2026-12-01T01:02:03.004+00:00", t: "text" },
    ]);
    const outbox = await withTx(db, (tx) => tx.outboxMessage.findMany({ orderBy: { id: "asc" } }));
    expect(outbox.map((o) => [o.dedupeKey, o.status, o.attempts, o.nextAttemptAt.toISOString(), o.createdAt.toISOString()])).toEqual([
      ["raw", "PENDING", 0, AT.toISOString(), AT.toISOString()],
      ["model", "PENDING", 0, AT.toISOString(), AT.toISOString()],
    ]);
  });

  it("a second insert of one message id or dedupe key is a no-op, and the transaction goes on", async () => {
    ({ db } = await freshDb());
    const result = await withTx(db, async (tx) => {
      const first = await insertProcessedMessage(tx, "m1", AT, AT);
      const second = await insertProcessedMessage(tx, "m1", AT, AT);
      const rows = await insertOutboxRows(tx, [{ dedupeKey: "k", kind: "ROOM", conversationId: "r@chatroom", text: "a" }, { dedupeKey: "k", kind: "ROOM", conversationId: "r@chatroom", text: "b" }], AT);
      return { first, second, rows };
    });
    expect(result).toEqual({ first: true, second: false, rows: 1 });
    const rows = await withTx(db, (tx) => tx.outboxMessage.findMany());
    expect(rows.map((r) => [r.text, r.conversationKind])).toEqual([["a", "ROOM"]]);
  });

  it("loadContactFacts finds bindings and a pending exchange in one query", async () => {
    ({ db } = await freshDb());
    const facts = await withTx(db, async (tx) => {
      const school = await tx.school.create({ data: { name: "S", createdAt: AT } });
      const staff = await tx.staff.create({ data: { schoolId: school.id, name: "T", role: "TEACHER", createdAt: AT } });
      const g = await tx.guardian.create({ data: { schoolId: school.id, name: "G", relation: "MOTHER", createdAt: AT, updatedAt: AT } });
      await tx.wechatIdentity.create({ data: { contactId: "c1", staffId: staff.id, boundAt: AT } });
      await tx.wechatIdentity.create({ data: { contactId: "c1", guardianId: g.id, boundAt: AT } });
      await tx.pendingAction.create({ data: { contactId: "c1", kind: "k", payload: "{}", createdAt: AT, expiresAt: AT } });
      return { c1: await loadContactFacts(tx, "c1"), none: await loadContactFacts(tx, "c2"), ids: { staff: staff.id, g: g.id } };
    });
    expect(facts.c1).toEqual({
      guardianRows: [{ id: facts.ids.g, schoolId: 1, name: "G", relation: "MOTHER", isCaregiver: false, worksAway: false, childId: null, childName: null, className: null }],
      staffIds: [facts.ids.staff],
      hasPending: true,
    });
    expect(facts.none).toEqual({ guardianRows: [], staffIds: [], hasPending: false });
  });
});
