/**
 * The simulator. `npm run simulate -- <transcript>` runs a transcript and exits non-zero on an
 * internal error, a failed `/expect`, or a bad line; without a file it opens the interactive
 * terminal chat (what `npm start` does without a puppet-service token).
 */
import "dotenv/config";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Command } from "commander";
import { pino } from "pino";
import { domainSettings, formatConfigError, loadConfig, type Config } from "../config.ts";
import { ManualClock, OffsetClock, type AdjustableClock } from "../lib/clock.ts";
import { calendarCoverageWarning, loadWorkCalendar } from "../lib/work-calendar.ts";
import { formatDateTimeZh, parseDuration } from "../lib/time.ts";
import { Simulator, formatLine, type SimLine } from "./simulator.ts";
import { quietWechatyLogs } from "../bot/wechaty.ts";
import { nonTextKind, parseClock, parseStep } from "./transcript.ts";

/** Default start of simulated time: a Tuesday morning in term. */
export const DEFAULT_SIM_START = "2026-12-01T09:00:00+08:00";

/** The simulator's logger at SIM_LOG_LEVEL (errors always shown), counting the errors logged. */
function countingLogger(config: Config) {
  const level = config.SIM_LOG_LEVEL;
  const counter = { errors: 0 };
  const logger = pino(
    { level: level === "silent" ? "error" : level, base: undefined },
    {
      write(line: string) {
        const lvl = (JSON.parse(line) as { level: number }).level;
        if (lvl >= 50) counter.errors++;
        if (level !== "silent" || lvl >= 50) process.stderr.write(line);
      },
    },
  );
  return { logger, counter };
}

/**
 * Runs the transcript file `file`; returns the process exit code. Throws HolidaysFileError before
 * anything runs when HOLIDAYS_FILE is bad (main prints its message and exits 1).
 */
export async function runTranscript(file: string, o: { config: Config; quiet: boolean; dbUrl?: string }): Promise<number> {
  loadWorkCalendar(domainSettings(o.config)); // a bad HOLIDAYS_FILE stops here (HolidaysFileError)
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  const tmp = o.dbUrl ? null : mkdtempSync(join(tmpdir(), "qinqing-sim-"));
  const dbUrl = o.dbUrl ?? `file:${join(tmp!, "sim.db")}`;
  const { logger, counter } = countingLogger(o.config);
  const clock = new ManualClock(DEFAULT_SIM_START);
  const sim = await Simulator.open({ dbUrl, fresh: !o.dbUrl, clock, config: o.config, logger });
  let failed = 0;
  let last: SimLine[] = [];
  const print = (out: SimLine[]) => {
    last = out;
    for (const l of out) console.log(formatLine(l));
  };
  try {
    for (const [i, raw] of lines.entries()) {
      let step;
      try {
        step = parseStep(raw);
      } catch (err) {
        console.error(`${file}:${i + 1}: ${(err as Error).message}`);
        return 2;
      }
      if (!step) continue;
      if (!o.quiet && step.kind !== "expect") console.log(raw.trim());
      switch (step.kind) {
        case "say":
          print(await sim.say(step.person, step.content, step.group));
          break;
        case "clock":
          print(await sim.setClock(step.at));
          break;
        case "advance":
          print(await sim.advance(step.ms));
          break;
        case "friend":
          print(await sim.befriend(step.person, step.hello));
          break;
        case "replay":
          print(await sim.replay());
          break;
        case "expect": {
          const hit = last.some((l) => step.pattern.test(`${l.to}: ${l.text}`));
          if (hit === step.negate) {
            failed++;
            console.error(`${file}:${i + 1}: expectation failed: ${raw.trim()}`);
          }
          break;
        }
      }
    }
  } finally {
    await sim.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  if (counter.errors > 0) {
    console.error(`internal errors: ${counter.errors} (see the log lines above)`);
    return 1;
  }
  return failed > 0 ? 1 : 0;
}

const HELP = `模拟器命令 (simulator commands):
  /as <人>          以某人身份发言，例如 /as 张小明妈妈 （不在学校名单中的名字 = 新的陌生微信）
  /who              列出学校里的人和演示绑定码
  [群名] <消息>     在群里发言（写 @${"{bot}"} 提到机器人）
  /friend [招呼语]   以当前身份发送好友申请
  /clock [时间]     查看或设置模拟时间，例如 /clock 2026-12-05T19:00
  /advance <时长>   时间前进，例如 /advance 2h、/advance 30m
  /replay           重复投递上一条消息（测试去重）
  /help             显示本说明      /quit 退出`;

/**
 * The interactive terminal chat. Throws HolidaysFileError before opening when HOLIDAYS_FILE is bad;
 * prints the calendar coverage warning (one line, simulated time) after the banner.
 */
export async function runInteractive(config: Config): Promise<void> {
  const calendar = loadWorkCalendar(domainSettings(config)); // a bad HOLIDAYS_FILE stops here (HolidaysFileError)
  const { logger } = countingLogger(config);
  const clock: AdjustableClock = new OffsetClock(new Date(DEFAULT_SIM_START));
  const sim = await Simulator.open({ dbUrl: config.SIMULATOR_DATABASE_URL, fresh: false, clock, config, logger });
  let me = "张小明妈妈";
  console.log(`亲情桥 Qinqing Bridge 模拟器 — 演示学校已就绪（数据库 ${config.SIMULATOR_DATABASE_URL}）`);
  const calendarWarning = calendarCoverageWarning(calendar, clock.now());
  if (calendarWarning) console.log(calendarWarning);
  console.log(HELP.replace("{bot}", config.BOT_NAME));
  const myCode = (await sim.liveCodes()).get(me);
  console.log(`\n现在您是“${me}”。试试：${myCode ? `绑定 ${myCode}` : "我是谁"}（/who 查看所有人和绑定码），或发送：帮助\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const show = (out: SimLine[]) => out.forEach((l) => console.log(formatLine(l)));
  const prompt = () => {
    rl.setPrompt(`${me}> `);
    rl.prompt();
  };
  try {
    prompt();
    // The async iterator buffers lines, so piped input is read whole even while a reply is worked on.
    for await (const line of rl) {
      const t = line.trim();
      if (!t) {
        prompt();
        continue;
      }
      try {
        if (t === "/quit" || t === "/exit") break;
        if (t === "/help") console.log(HELP.replace("{bot}", config.BOT_NAME));
        else if (t.startsWith("/as")) {
          const who = t.slice(3).trim();
          if (!who) console.log("用法：/as <人>，例如 /as 张小明妈妈；/who 列出所有人");
          else {
            me = who;
            const p = sim.person(who);
            console.log(p.kind === "stranger" ? `现在您是新的微信联系人“${who}”（不在学校名单中）。` : `现在您是“${who}”（${p.name}）。`);
          }
        } else if (t === "/who") {
          const codes = await sim.liveCodes();
          for (const p of sim.people()) console.log(`  ${p.label}${p.name !== p.label ? `（${p.name}）` : ""}${codes.get(p.label) ? `  绑定码 ${codes.get(p.label)}` : "  （已绑定或无可用绑定码）"}`);
          console.log("  （npm run seed -- --simulator --reset 可重建演示学校）");
        } else if (t.startsWith("/clock")) {
          const arg = t.slice(6).trim();
          if (arg) show(await sim.setClock(parseClock(arg)));
          console.log(`模拟时间：${formatDateTimeZh(clock.now())}`);
        } else if (t.startsWith("/advance")) {
          show(await sim.advance(parseDuration(t.slice(8).trim())));
          console.log(`模拟时间：${formatDateTimeZh(clock.now())}`);
        } else if (t.startsWith("/friend")) {
          show(await sim.befriend(me, t.slice(7).trim()));
        } else if (t === "/replay") {
          show(await sim.replay());
        } else if (t.startsWith("/")) {
          console.log("未知的模拟器命令。/help 查看说明。");
        } else {
          const kind = nonTextKind(t);
          if (kind) show(await sim.say(me, { kind }));
          else if (/^\[[^\]]+\]/.test(t)) {
            const step = parseStep(t.replace(/^\[([^\]]+)\]\s*/, `[$1] ${me}: `));
            if (step?.kind === "say") show(await sim.say(step.person, step.content, step.group));
          } else if (t.startsWith("[")) {
            console.log("（模拟器：群聊请写 [群名] 消息，例如：[三年级1班家长群] @家校助手 帮助）");
          } else show(await sim.say(me, t));
        }
      } catch (err) {
        console.log(`（模拟器：${(err as Error).message}）`);
      }
      prompt();
    }
  } finally {
    rl.close();
    await sim.close();
  }
}

async function main(): Promise<void> {
  const program = new Command()
    .name("simulate")
    .description("Run a transcript through the bot on a simulated WeChat, or chat interactively")
    .argument("[transcript]", "file with lines `<person>: <message>`, `/clock <ISO>`, `/advance <duration>`")
    .option("-q, --quiet", "print only the bot's messages, not the transcript lines")
    .option("--db <url>", "use this database instead of a fresh temporary one (transcripts only)")
    .parse();
  const config = loadConfig();
  quietWechatyLogs();
  const file = program.args[0];
  const opts = program.opts<{ quiet?: boolean; db?: string }>();
  if (!file) {
    await runInteractive(config);
    return;
  }
  process.exitCode = await runTranscript(file, { config, quiet: !!opts.quiet, ...(opts.db ? { dbUrl: opts.db } : {}) });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(formatConfigError(err) ?? err);
    process.exit(1);
  });
}
