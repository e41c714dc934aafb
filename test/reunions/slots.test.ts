import { describe, expect, it } from "vitest";
import { SlotEngine, isoWeekdayOf, shanghaiDayNumber, type SlotRoom, type SlotSession } from "../../src/domain/reunions/slots.ts";
import { checkChildRules, childFilter, shanghaiWeekOf } from "../../src/domain/reunions/children.ts";
import { loadChildSessions, loadRoomSchedule, slotEngineFor, slotRulesOf } from "../../src/domain/reunions/schedule.ts";
import { defaultDomainSettings, type Deps } from "../../src/domain/deps.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { withTx } from "../../src/db/client.ts";
import { slotReasonText } from "../../src/messages/reunions.ts";
import { freshDb } from "../helpers/db.ts";

/** `2026-12-01T17:00` read as Asia/Shanghai wall time. */
const sh = (local: string): Date => new Date(`${local}:00+08:00`);
/** Epoch ms -> `12-01 17:00` Shanghai, for readable expectations. */
const hm = (t: number): string => new Date(t + 8 * 3_600_000).toISOString().slice(5, 16).replace("T", " ");
const T0 = sh("2026-12-01T09:00"); // Tuesday
const ROOM: SlotRoom = {
  capacity: 1,
  active: true,
  hours: { "1": [["16:30", "19:30"]], "2": [["16:30", "19:30"]], "3": [["16:30", "19:30"]], "4": [["16:30", "19:30"]], "5": [["16:30", "19:30"]], "6": [["09:00", "17:00"]] },
};
const RULES = slotRulesOf(defaultDomainSettings); // buffer 5, notice 120, horizon 30 days, max 60
const booked = (from: string, to: string, status = "BOOKED", id?: number): SlotSession => ({ startAt: sh(from), endAt: sh(to), status, ...(id === undefined ? {} : { id }) });
const engine = (sessions: SlotSession[] = [], room: Partial<SlotRoom> = {}, now: Date = T0) => new SlotEngine({ ...ROOM, ...room }, sessions, RULES, now);

describe("checkSlot: each refusal reason", () => {
  it("accepts a session inside opening hours", () => {
    expect(engine().checkSlot(sh("2026-12-01T17:00"), 30)).toEqual({ ok: true });
    expect(engine().checkSlot(sh("2026-12-01T19:00"), 30)).toEqual({ ok: true });
    expect(engine().checkSlot(sh("2026-12-05T09:00"), 60)).toEqual({ ok: true });
  });
  it("a range ending at 19:30 cannot start a 30-minute session at 19:10; Sunday is closed", () => {
    expect(engine().checkSlot(sh("2026-12-01T19:10"), 30)).toEqual({ ok: false, reasons: ["OUTSIDE_HOURS"] });
    expect(engine().checkSlot(sh("2026-12-01T16:20"), 30)).toEqual({ ok: false, reasons: ["OUTSIDE_HOURS"] });
    expect(engine().checkSlot(sh("2026-12-06T10:00"), 30)).toEqual({ ok: false, reasons: ["OUTSIDE_HOURS"] });
  });
  it("past, short notice (exactly 2 h ahead is fine), beyond the horizon (end of the 30th day)", () => {
    expect(engine().checkSlot(sh("2026-11-30T17:00"), 30)).toEqual({ ok: false, reasons: ["PAST"] });
    const late = sh("2026-12-01T16:00");
    expect(engine([], {}, late).checkSlot(sh("2026-12-01T17:00"), 30)).toEqual({ ok: false, reasons: ["SHORT_NOTICE"] });
    expect(engine([], {}, late).checkSlot(sh("2026-12-01T18:00"), 30)).toEqual({ ok: true });
    expect(engine().checkSlot(sh("2026-12-31T19:00"), 30)).toEqual({ ok: true });
    expect(engine().checkSlot(sh("2027-01-01T17:00"), 30)).toEqual({ ok: false, reasons: ["BEYOND_HORIZON"] });
  });
  it("length 1..60 minutes; an inactive room", () => {
    for (const m of [0, 61, 500, 2.5]) expect(engine().checkSlot(sh("2026-12-01T17:00"), m)).toEqual({ ok: false, reasons: ["BAD_LENGTH"] });
    expect(engine([], { active: false }).checkSlot(sh("2026-12-01T17:00"), 30)).toEqual({ ok: false, reasons: ["ROOM_INACTIVE"] });
    expect(engine().checkSlot(sh("2026-11-30T08:00"), 30)).toEqual({ ok: false, reasons: ["PAST", "OUTSIDE_HOURS"] });
  });
  it("room full, with the 5-minute buffer on both sides; cancelled sessions free the place; REQUESTED holds it", () => {
    const e = engine([booked("2026-12-01T17:00", "2026-12-01T17:30"), booked("2026-12-01T18:00", "2026-12-01T18:30", "CANCELLED"), booked("2026-12-01T19:00", "2026-12-01T19:30", "REQUESTED")]);
    expect(e.checkSlot(sh("2026-12-01T17:30"), 30)).toEqual({ ok: false, reasons: ["ROOM_FULL"] });
    expect(e.checkSlot(sh("2026-12-01T17:35"), 30)).toEqual({ ok: true });
    expect(e.checkSlot(sh("2026-12-01T16:30"), 30)).toEqual({ ok: false, reasons: ["ROOM_FULL"] });
    expect(e.checkSlot(sh("2026-12-01T16:30"), 25)).toEqual({ ok: true });
    expect(e.checkSlot(sh("2026-12-01T18:00"), 30)).toEqual({ ok: true });
    expect(e.checkSlot(sh("2026-12-01T18:30"), 30)).toEqual({ ok: false, reasons: ["ROOM_FULL"] });
    expect(new SlotEngine(ROOM, [booked("2026-12-01T17:00", "2026-12-01T17:30", "BOOKED", 9)], RULES, T0, 9).checkSlot(sh("2026-12-01T17:10"), 30)).toEqual({ ok: true });
  });
  it("capacity 2 counts sessions running at the same moment, not every overlap", () => {
    const two = [booked("2026-12-01T17:00", "2026-12-01T17:30"), booked("2026-12-01T17:35", "2026-12-01T18:05")];
    expect(engine(two, { capacity: 2 }).checkSlot(sh("2026-12-01T17:20"), 30)).toEqual({ ok: true });
    const three = [...two, booked("2026-12-01T17:10", "2026-12-01T17:40")];
    expect(engine(three, { capacity: 2 }).checkSlot(sh("2026-12-01T17:20"), 30)).toEqual({ ok: false, reasons: ["ROOM_FULL"] });
    expect(engine(three, { capacity: 3 }).checkSlot(sh("2026-12-01T17:20"), 30)).toEqual({ ok: true });
  });
});

describe("nearestFreeSlots and listFreeSlots", () => {
  const busy = [booked("2026-12-02T17:00", "2026-12-02T17:30"), booked("2026-12-02T17:35", "2026-12-02T18:05"), booked("2026-12-02T18:10", "2026-12-02T18:40")];
  it("offers the nearest starts on either side, sorted; a tie goes to the earlier", () => {
    expect(engine(busy).nearestFreeSlots(sh("2026-12-02T17:20"), 15).map(hm)).toEqual(["12-02 16:40", "12-02 18:45", "12-02 19:00"]);
    expect(engine(busy).nearestFreeSlots(sh("2026-12-02T17:50"), 15).map(hm)).toEqual(["12-02 16:40", "12-02 18:45", "12-02 19:00"]);
    expect(engine(busy).nearestFreeSlots(sh("2026-12-02T17:45"), 15).map(hm)).toEqual(["12-02 16:40", "12-02 18:45", "12-02 19:00"]);
    expect(engine(busy).nearestFreeSlots(sh("2026-12-02T17:45"), 15, 1).map(hm)).toEqual(["12-02 18:45"]);
  });
  it("crosses day boundaries and midnight", () => {
    expect(engine().nearestFreeSlots(sh("2026-12-05T08:00"), 30).map(hm)).toEqual(["12-05 09:00", "12-05 09:30", "12-05 10:00"]);
    expect(engine().nearestFreeSlots(sh("2026-12-04T22:00"), 30).map(hm)).toEqual(["12-04 18:00", "12-04 18:30", "12-04 19:00"]);
    expect(engine().nearestFreeSlots(sh("2026-12-06T23:50"), 30).map(hm)).toEqual(["12-07 16:30", "12-07 17:00", "12-07 17:30"]);
    expect(engine().nearestFreeSlots(sh("2026-12-07T00:10"), 30).map(hm)).toEqual(["12-07 16:30", "12-07 17:00", "12-07 17:30"]);
  });
  it("never offers the past or short notice; without a desired time, the first free starts", () => {
    expect(engine().nearestFreeSlots(T0, 30).map(hm)).toEqual(["12-01 16:30", "12-01 17:00", "12-01 17:30"]);
    expect(engine([], {}, sh("2026-12-01T17:00")).nearestFreeSlots(sh("2026-12-01T17:30"), 30).map(hm)).toEqual(["12-01 19:00", "12-02 16:30", "12-02 17:00"]);
    expect(engine([], {}, sh("2026-12-01T17:00")).nearestFreeSlots(null, 30).map(hm)).toEqual(["12-01 19:00", "12-02 16:30", "12-02 17:00"]);
    expect(engine([], { active: false }).nearestFreeSlots(null, 30)).toEqual([]);
  });
  it("stops at the horizon", () => {
    expect(engine().nearestFreeSlots(sh("2027-01-05T17:00"), 30, 2).map(hm)).toEqual(["12-31 18:30", "12-31 19:00"]);
  });
  it("lists every free start of a period on the 5-minute grid", () => {
    const e = engine([booked("2026-12-01T17:00", "2026-12-01T17:30")]);
    const day = e.listFreeSlots(sh("2026-12-01T00:00"), sh("2026-12-02T00:00"), 30).map(hm);
    expect(day).toHaveLength(31 - 13);
    expect(day.slice(0, 2)).toEqual(["12-01 17:35", "12-01 17:40"]);
    expect(day.at(-1)).toBe("12-01 19:00");
    const all = e.listFreeSlots(T0, sh("2027-02-01T00:00"), 30);
    expect(hm(all.at(-1)!)).toBe("12-31 19:00");
    expect(all.every((t) => e.checkSlot(t, 30).ok)).toBe(true);
  });
  it("reads days in Asia/Shanghai whatever the process TZ", () => {
    expect(isoWeekdayOf(shanghaiDayNumber(sh("2026-12-06T23:59").getTime()))).toBe(7);
    expect(isoWeekdayOf(shanghaiDayNumber(sh("2026-12-07T00:00").getTime()))).toBe(1);
    expect(shanghaiWeekOf(sh("2026-12-06T23:59")).map(hm)).toEqual(["11-30 00:00", "12-07 00:00"]);
  });
});

describe("child rules", () => {
  const mine = [booked("2026-12-07T17:00", "2026-12-07T17:30", "BOOKED", 1), booked("2026-12-15T17:00", "2026-12-15T17:30", "CANCELLED"), booked("2026-12-16T17:00", "2026-12-16T17:30", "NO_ANSWER")];
  it("an overlapping session of the child, and the Monday-Sunday weekly cap", () => {
    expect(checkChildRules(mine, sh("2026-12-07T17:15"), 30, 2)).toEqual(["CHILD_OVERLAP"]);
    expect(checkChildRules(mine, sh("2026-12-13T10:00"), 30, 1)).toEqual(["WEEKLY_CAP"]);
    expect(checkChildRules(mine, sh("2026-12-06T10:00"), 30, 1)).toEqual([]);
    expect(checkChildRules(mine, sh("2026-12-14T00:00"), 30, 1)).toEqual([]);
    expect(checkChildRules(mine, sh("2026-12-17T17:00"), 30, 1)).toEqual([]);
    expect(checkChildRules([...mine, booked("2026-12-14T17:00", "2026-12-14T17:30", "HELD")], sh("2026-12-17T17:00"), 30, 1)).toEqual(["WEEKLY_CAP"]);
    expect(checkChildRules(mine, sh("2026-12-09T17:00"), 30, 1, 1)).toEqual([]);
  });
  it("filters the room's free slots", () => {
    expect(engine().nearestFreeSlots(sh("2026-12-11T17:00"), 30, 1, childFilter(mine, 1)).map(hm)).toEqual(["12-14 16:30"]);
    expect(engine().nearestFreeSlots(sh("2026-12-08T17:00"), 30, 2, childFilter(mine, 1)).map(hm)).toEqual(["12-05 16:00", "12-05 16:30"]);
  });
});

describe("slotReasonText", () => {
  it("says each reason in Chinese with the settings' numbers", () => {
    const rules = { minNoticeMin: 120, horizonDays: 30, maxMin: 60, perWeek: 1 };
    const all = ["PAST", "SHORT_NOTICE", "BEYOND_HORIZON", "BAD_LENGTH", "OUTSIDE_HOURS", "ROOM_INACTIVE", "ROOM_FULL", "CHILD_OVERLAP", "WEEKLY_CAP"] as const;
    expect(all.map((r) => slotReasonText(r, rules))).toEqual([
      "这个时间已经过去了",
      "需要至少提前 2 小时预约",
      "只能预约 30 天以内的时间",
      "时长应为 1 到 60 分钟",
      "不在视频室的开放时间内",
      "这个视频室已停用",
      "这个时段视频室已约满",
      "孩子在这个时间已有别的视频",
      "孩子本周已约满 1 次",
    ]);
    expect(slotReasonText("SHORT_NOTICE", { ...rules, minNoticeMin: 90 })).toBe("需要至少提前 90 分钟预约");
  });
});

describe("loadRoomSchedule and loadChildSessions", () => {
  it("loads the room and its taking sessions near the period", async () => {
    const { db } = await freshDb();
    try {
      await withTx(db, async (tx) => {
        const deps: Deps = { db: tx, clock: new ManualClock(T0), settings: defaultDomainSettings, logger: silentLogger() };
        const room = await tx.reunionRoom.create({ data: { schoolId: 1, name: "一号视频室", capacity: 1, openingHours: JSON.stringify(ROOM.hours), createdAt: T0, updatedAt: T0 } });
        const add = (from: string, to: string, status: "BOOKED" | "CANCELLED" | "REQUESTED" | "HELD") =>
          tx.reunionSession.create({ data: { schoolId: 1, studentId: 7, roomId: room.id, startAt: sh(from), endAt: sh(to), status, createdAt: T0, updatedAt: T0 } });
        await add("2026-12-02T17:00", "2026-12-02T17:30", "BOOKED");
        await add("2026-12-02T18:00", "2026-12-02T18:30", "CANCELLED");
        await add("2026-12-02T19:00", "2026-12-02T19:30", "REQUESTED");
        await add("2026-12-20T17:00", "2026-12-20T17:30", "BOOKED");
        await add("2026-11-30T17:00", "2026-11-30T17:30", "HELD");
        const s = await loadRoomSchedule(deps, room.id, sh("2026-12-02T00:00"), sh("2026-12-03T00:00"));
        expect(s.room).toMatchObject({ name: "一号视频室", capacity: 1, active: true, hours: ROOM.hours });
        expect(s.sessions.map((x) => [hm(x.startAt.getTime()), x.status])).toEqual([["12-02 17:00", "BOOKED"], ["12-02 19:00", "REQUESTED"]]);
        expect(slotEngineFor(deps, s).checkSlot(sh("2026-12-02T17:20"), 30)).toEqual({ ok: false, reasons: ["ROOM_FULL"] });
        const child = await loadChildSessions(deps, 7, sh("2026-12-02T17:00"), sh("2026-12-02T17:30"));
        expect(child.map((x) => x.status)).toEqual(["HELD", "BOOKED", "REQUESTED"]);
        await expect(loadRoomSchedule(deps, 999, T0, T0)).rejects.toMatchObject({ code: "NOT_FOUND" });
      });
    } finally {
      await db.$disconnect();
    }
  });
});
