import { CommandRegistry } from "../router/registry.ts";
import { bindingCommands } from "./binding.ts";
import { deliveryCommands } from "./deliveries.ts";
import { generalCommands } from "./general.ts";
import { studentFileCommands } from "./student-files.ts";
import { hotlineCommands } from "./hotline.ts";
import { updateCommands } from "./updates.ts";
import { careCommands } from "./care.ts";
import { talkCommands } from "./talks.ts";
import { talkDutyCommands } from "./talk-duty.ts";
import { reunionRoomCommands } from "./reunion-rooms.ts";
import { reunionBookingCommands } from "./reunions.ts";
import { reunionRequestCommands } from "./reunion-requests.ts";
import { reunionChangeCommands } from "./reunion-changes.ts";
import { reunionRecordCommands } from "./reunion-records.ts";
import { reunionSeriesCommands } from "./reunion-series.ts";

/**
 * Every feature's commands, in the order `帮助` lists them. A new feature adds one line here.
 * Throws Error on a duplicate command word (see CommandRegistry).
 */
export function buildRegistry(): CommandRegistry {
  const registry: CommandRegistry = new CommandRegistry([generalCommands(() => registry), bindingCommands, studentFileCommands, updateCommands(() => registry), hotlineCommands(() => registry), talkCommands(() => registry), talkDutyCommands(() => registry), careCommands(() => registry), reunionRoomCommands, reunionBookingCommands(() => registry), reunionSeriesCommands(() => registry), reunionRequestCommands(() => registry), reunionChangeCommands(() => registry), reunionRecordCommands, deliveryCommands]);
  return registry;
}
