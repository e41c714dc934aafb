/**
 * `rooms list|add|update`: reunion video rooms (亲情视频室, issue #5 point 1) from the operator's
 * terminal, the same rules as `视频室` in chat (domain/reunions/rooms.ts), audited as the CLI.
 */
import { Option, type Command } from "commander";
import { addRoom, listRooms, updateRoom, type RoomResult } from "../domain/reunions/rooms.ts";
import { roomProblemText, roomText } from "../messages/reunions.ts";
import { withSchoolTx, type DbOptions } from "./context.ts";

/** A whole number option, or NaN (refused by the domain as BAD_CAPACITY). */
const int = (v: string): number => (/^\d+$/.test(v.trim()) ? Number(v) : Number.NaN);

/** Prints the room after a change, or the problem on stderr with exit code 1. */
function report(r: RoomResult, name: string, done: (room: Extract<RoomResult, { ok: true }>["room"]) => string): void {
  if (r.ok) console.log(done(r.room));
  else {
    console.error(roomProblemText(r.problem, name));
    process.exitCode = 1;
  }
}

/** Registers `rooms` and its subcommands on `program`. */
export function registerRoomsCommands(program: Command): Command {
  const rooms = program.command("rooms").description("亲情视频室：台数和开放时间");
  const simulator = () => new Option("--simulator", "use the simulator's database").hideHelp();
  rooms
    .command("list")
    .description("列出视频室")
    .addOption(simulator())
    .action(async (opts: DbOptions) => {
      const list = await withSchoolTx(opts, (deps, schoolId) => listRooms(deps, schoolId));
      console.log(list.length ? roomText.list(list, false) : roomText.empty(false));
    });
  rooms
    .command("add <name> <hours...>")
    .description(`新增视频室，开放时间例如：周一至周五 16:30-19:30，周六 09:00-17:00`)
    .option("--capacity <n>", "同时能进行的视频数（台数）", int, 1)
    .addOption(simulator())
    .action(async (name: string, hours: string[], opts: DbOptions & { capacity: number }) => {
      const r = await withSchoolTx(opts, (deps, schoolId) => addRoom(deps, { staff: { cli: true, schoolId }, name, capacity: opts.capacity, hoursSpec: hours.join(" ") }));
      report(r, name, roomText.added);
    });
  rooms
    .command("update <name>")
    .description("修改视频室：开放时间、台数，或停用/启用")
    .option("--hours <spec>", "新的开放时间")
    .option("--capacity <n>", "新的台数", int)
    .option("--deactivate", "停用：不能再预约新的视频")
    .option("--activate", "重新启用")
    .addOption(simulator())
    .action(async (name: string, opts: DbOptions & { hours?: string; capacity?: number; deactivate?: boolean; activate?: boolean }) => {
      const active = opts.deactivate ? false : opts.activate ? true : undefined;
      const input = { name, ...(opts.hours === undefined ? {} : { hoursSpec: opts.hours }), ...(opts.capacity === undefined ? {} : { capacity: opts.capacity }), ...(active === undefined ? {} : { active }) };
      const r = await withSchoolTx(opts, (deps, schoolId) => updateRoom(deps, { staff: { cli: true, schoolId }, ...input }));
      report(r, name, roomText.updated);
    });
  return rooms;
}
