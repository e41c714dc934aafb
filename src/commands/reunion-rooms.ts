import { DomainError } from "../domain/errors.ts";
import { addRoom, listRooms, updateRoom, type RoomResult } from "../domain/reunions/rooms.ts";
import { sessionsNoLongerFitting } from "../domain/reunions/room-impact.ts";
import { parseSmallNumber } from "../lib/talk-period.ts";
import { roomProblemText, roomText } from "../messages/reunions.ts";
import { STAFF, type CommandContext, type CommandModule } from "../router/types.ts";

/** `2台` / `２台` / `两台` -> 2; null when `word` is not a device count. */
export function parseDeviceCount(word: string | undefined): number | null {
  const m = word ? /^(.+?)台$/u.exec(word.normalize("NFKC")) : null;
  return m ? parseSmallNumber(m[1]!) : null;
}

/** Replies the room after a change (with the coming sessions it no longer fits, if any), or the problem. */
async function answer(ctx: CommandContext, r: RoomResult, name: string, done: (room: Extract<RoomResult, { ok: true }>["room"]) => string): Promise<void> {
  if (!r.ok) return ctx.reply(roomProblemText(r.problem, name));
  const affected = await sessionsNoLongerFitting(ctx.deps, r.room.id);
  ctx.reply(affected.length ? `${done(r.room)}\n${roomText.affected(affected)}` : done(r.room));
}

/** `视频室 新增 <名称> [<台数>台] <开放时间>`. */
async function add(ctx: CommandContext, rest: string[]): Promise<void> {
  const [name, maybeCount, ...more] = rest;
  const capacity = parseDeviceCount(maybeCount);
  const spec = (capacity === null ? [maybeCount, ...more] : more).filter(Boolean).join(" ");
  if (!name || !spec || parseDeviceCount(name) !== null) return ctx.reply(roomText.addHelp);
  const r = await addRoom(ctx.deps, { staff: ctx.sender.staff!, name, hoursSpec: spec, ...(capacity === null ? {} : { capacity }) });
  await answer(ctx, r, name, roomText.added);
}

/** `视频室 修改 <名称> <开放时间|N台>` (both allowed: `3台 周一至周五 16:30-19:30`). */
async function update(ctx: CommandContext, rest: string[]): Promise<void> {
  const [name, ...more] = rest;
  const capacity = parseDeviceCount(more[0]);
  const spec = (capacity === null ? more : more.slice(1)).join(" ");
  if (!name || (capacity === null && !spec)) return ctx.reply(roomText.updateHelp);
  const r = await updateRoom(ctx.deps, { staff: ctx.sender.staff!, name, ...(capacity === null ? {} : { capacity }), ...(spec ? { hoursSpec: spec } : {}) });
  await answer(ctx, r, name, roomText.updated);
}

/** `视频室 停用 <名称>` / `视频室 启用 <名称>`. */
async function toggle(ctx: CommandContext, verb: "停用" | "启用", rest: string[]): Promise<void> {
  const name = rest.join(" ").trim();
  if (!name) return ctx.reply(roomText.toggleHelp(verb));
  const active = verb === "启用";
  const r = await updateRoom(ctx.deps, { staff: ctx.sender.staff!, name, active });
  await answer(ctx, r, name, (room) => (active ? roomText.activated(room.name) : roomText.deactivated(room.name)));
}

const CHANGES = ["新增", "添加", "修改", "停用", "启用"];

async function rooms(ctx: CommandContext): Promise<void> {
  const [verb, ...rest] = ctx.argv;
  // Refused before any usage help: changes are the coordinators' (domain/reunions/rooms.ts checks again).
  if (verb && CHANGES.includes(verb) && ctx.sender.staff!.role === "TEACHER") throw new DomainError("FORBIDDEN");
  if (verb === "新增" || verb === "添加") return add(ctx, rest);
  if (verb === "修改") return update(ctx, rest);
  if (verb === "停用" || verb === "启用") return toggle(ctx, verb, rest);
  if (verb) return ctx.reply(roomText.detail);
  const staff = ctx.sender.staff!;
  const canEdit = staff.role !== "TEACHER";
  const list = await listRooms(ctx.deps, staff.schoolId);
  ctx.reply(list.length ? roomText.list(list, canEdit) : roomText.empty(canEdit));
}

/** Reunion video rooms (亲情视频室, issue #5 point 1): `视频室` lists for staff; changes are for coordinators (checked in domain). */
export const reunionRoomCommands: CommandModule = {
  commands: [
    {
      name: "视频室",
      aliases: ["亲情视频室"],
      roles: STAFF,
      usage: roomText.usage,
      summary: roomText.summary,
      example: roomText.example,
      detail: roomText.detail,
      run: rooms,
    },
  ],
};
