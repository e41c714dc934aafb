import { afterEach, describe, expect, it } from "vitest";
import { withTx, type Db } from "../db/client.ts";
import { ManualClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { freshDb } from "../../test/helpers/db.ts";
import { defaultDomainSettings } from "./deps.ts";
import { ATTACHMENT_EXPIRED, expireAttachments, purgeExpiredRecords } from "./housekeeping.ts";

let db: Db;
afterEach(async () => db?.$disconnect());

const NOW = new Date("2026-12-31T01:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe("purgeExpiredRecords", () => {
  it("drops processed ids past retention, expired pending exchanges and day-old wrong tries; keeps the rest", async () => {
    ({ db } = await freshDb());
    const clock = new ManualClock(NOW);
    const result = await withTx(db, async (tx) => {
      await tx.processedMessage.createMany({
        data: [
          { messageId: "old", processedAt: daysAgo(31), sentAt: daysAgo(31) },
          { messageId: "recent", processedAt: daysAgo(29), sentAt: daysAgo(29) },
        ],
      });
      await tx.pendingAction.createMany({
        data: [
          { contactId: "a", kind: "k", payload: "{}", createdAt: daysAgo(1), expiresAt: daysAgo(0.9) },
          { contactId: "b", kind: "k", payload: "{}", createdAt: NOW, expiresAt: new Date(NOW.getTime() + 60_000) },
        ],
      });
      await tx.bindingFailure.createMany({ data: [{ contactId: "a", at: daysAgo(2) }, { contactId: "a", at: daysAgo(0.5) }] });
      const counts = await purgeExpiredRecords({ db: tx, clock, logger: silentLogger(), settings: defaultDomainSettings }, 30);
      const left = {
        processed: (await tx.processedMessage.findMany()).map((r) => r.messageId),
        pending: (await tx.pendingAction.findMany()).map((r) => r.contactId),
        failures: await tx.bindingFailure.count(),
      };
      return { counts, left };
    });
    expect(result).toEqual({ counts: { processed: 1, pending: 1, failures: 1 }, left: { processed: ["recent"], pending: ["b"], failures: 1 } });
    // Idempotent: a second run finds nothing.
    expect(await withTx(db, (tx) => purgeExpiredRecords({ db: tx, clock, logger: silentLogger(), settings: defaultDomainSettings }, 30))).toEqual({ processed: 0, pending: 0, failures: 0 });
  });
});

describe("expireAttachments", () => {
  it("forgets files older than ATTACHMENT_RETENTION_DAYS and returns their paths; keeps newer ones and the text", async () => {
    ({ db } = await freshDb());
    const clock = new ManualClock(NOW);
    const deps = (tx: Parameters<Parameters<typeof withTx>[1]>[0]) => ({ db: tx, clock, logger: silentLogger(), settings: { ...defaultDomainSettings, attachmentRetentionDays: 30 } });
    const result = await withTx(db, async (tx) => {
      const school = await tx.school.create({ data: { name: "s", createdAt: NOW } });
      const cls = await tx.class.create({ data: { schoolId: school.id, name: "一年级1班", createdAt: NOW } });
      const st = await tx.student.create({ data: { schoolId: school.id, classId: cls.id, name: "甲", leftBehindType: "BOTH_AWAY", createdAt: NOW, updatedAt: NOW } });
      const req = await tx.hotlineRequest.create({ data: { schoolId: school.id, studentId: st.id, channel: "WECHAT", createdAt: NOW, lastActivityAt: NOW } });
      await tx.hotlineEntry.createMany({
        data: [
          { requestId: req.id, at: daysAgo(31), kind: "FAMILY", messageKind: "voice", text: "", attachmentPath: "/x/old.silk", attachmentName: "old.silk" },
          { requestId: req.id, at: daysAgo(29), kind: "FAMILY", messageKind: "image", text: "看", attachmentPath: "/x/new.jpg", attachmentName: "new.jpg" },
        ],
      });
      const paths = await expireAttachments(deps(tx));
      return { paths, rows: await tx.hotlineEntry.findMany({ orderBy: { id: "asc" }, select: { attachmentPath: true, attachmentError: true, text: true } }) };
    });
    expect(result).toEqual({
      paths: ["/x/old.silk"],
      rows: [
        { attachmentPath: null, attachmentError: ATTACHMENT_EXPIRED, text: "" },
        { attachmentPath: "/x/new.jpg", attachmentError: null, text: "看" },
      ],
    });
    expect(await withTx(db, (tx) => expireAttachments(deps(tx)))).toEqual([]);
  });
});
