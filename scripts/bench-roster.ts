/**
 * Roster import benchmark (issue #3): a generated roster of N children (default 5,000) with
 * every column filled, in the school layout plus the national-form columns, imported into a
 * fresh SQLite database. Each run is its own process, timed from reading the file to the commit,
 * with the process's peak RSS (resourceUsage maxRSS, so tsx and Prisma are counted too):
 *   1. first import (creates the school, 24 classes, the children, parents and caregivers)
 *   2. re-import of the same file (nothing changes)
 *   3. dry run of a file with 10% of the rows edited (a phone, an address)
 *   4. real import of that edited file
 *
 *   npm run bench:roster                # N=5000
 *   npm run bench:roster -- --n 20000
 *   npm run bench:roster -- --write /tmp/roster-5000.xlsx   # only the file
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { openDb, withTx } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { systemClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import { defaultDomainSettings } from "../src/domain/deps.ts";
import { COLUMNS, type FieldKey } from "../src/domain/roster/columns.ts";
import { importRoster } from "../src/domain/roster/import.ts";
import { idCheckCharacter } from "../src/domain/roster/normalize.ts";
import { readRosterFile } from "../src/domain/roster/read.ts";
import { parseRosterFile } from "../src/domain/roster/rows.ts";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = ["子涵", "浩然", "一诺", "欣怡", "宇轩", "梓涵", "思彤", "俊杰", "雨桐", "博文", "佳怡", "明轩", "若曦", "嘉豪", "语嫣", "天佑", "可馨", "志强"];
const ADULT = ["建国", "国强", "志明", "永刚", "海波", "秀英", "美玲", "春梅", "桂兰", "丽娟", "德福", "长生", "玉梅", "桂香"];
const CITIES = ["广东省东莞市", "浙江省义乌市", "江苏省苏州市", "上海市松江区", "福建省晋江市", "广东省深圳市", "日本大阪府"];
const WORK = ["电子厂", "服装厂", "建筑工地", "物流公司", "餐馆", "鞋厂"];
const TYPES = ["父母均外出", "父母均外出", "父亲外出", "母亲外出"];
const GRANDS = [["祖母", "奶奶"], ["祖父", "爷爷"], ["外祖母", "外婆"], ["舅舅", "舅舅"]];

/** Row `i` (0-based) of the generated roster, all columns filled. Every 20th child is the previous child's sibling. */
function child(i: number, edited: boolean): Record<FieldKey, string | number | Date> {
  const family = i % 20 === 19 ? i - 1 : i;
  const grade = 1 + (i % 6);
  const cls = 1 + (Math.floor(i / 6) % 4);
  const surname = SURNAMES[family % SURNAMES.length]!;
  const type = TYPES[family % TYPES.length]!;
  const fatherAway = type !== "母亲外出";
  const motherAway = type !== "父亲外出";
  const phone = (role: number) => `1${3 + (role % 7)}${String(1_000_000_000 + family * 3 + role).slice(-9)}`;
  const fatherName = `${surname}${ADULT[family % 5]}`;
  const motherName = `${SURNAMES[(family * 7) % SURNAMES.length]}${ADULT[5 + (family % 5)]}`;
  const grand = GRANDS[family % GRANDS.length]!;
  const caregiver = type === "父亲外出" ? { name: motherName, rel: "母亲", phone: phone(1) } : type === "母亲外出" ? { name: fatherName, rel: "父亲", phone: phone(0) } : { name: `${surname}${ADULT[10 + (family % 4)]}`, rel: grand[family % 2], phone: phone(2) };
  const born = new Date(Date.UTC(2020 - grade, i % 12, 1 + (i % 28)));
  const id17 = `341702${born.getUTCFullYear()}${String(born.getUTCMonth() + 1).padStart(2, "0")}${String(born.getUTCDate()).padStart(2, "0")}${String(i % 1000).padStart(3, "0")}`;
  const editedRow = edited && i % 10 === 0;
  return {
    seq: i + 1,
    className: `${"一二三四五六"[grade - 1]}年级(${cls})班`,
    studentNo: `2026${String(i).padStart(5, "0")}`,
    name: `${surname}${GIVEN[i % GIVEN.length]}${i % 3 === 0 ? "" : GIVEN[(i * 5) % GIVEN.length]![0]}`,
    gender: i % 2 ? "男" : "女",
    birthDate: born,
    leftBehindType: type,
    homeAddress: `安徽省池州市某县某镇${["新塘", "桃园", "河东", "杨柳"][family % 4]}村${(family % 9) + 1}组${editedRow ? "（新址）" : ""}`,
    fatherName,
    fatherWorkCity: fatherAway ? CITIES[family % CITIES.length]! : "在家务农",
    fatherEmployer: fatherAway ? WORK[family % WORK.length]! : "本村",
    fatherPhone: editedRow ? `139${phone(0).slice(3)}` : phone(0),
    motherName,
    motherWorkCity: motherAway ? CITIES[(family + 3) % CITIES.length]! : "在家",
    motherEmployer: motherAway ? WORK[(family + 2) % WORK.length]! : "本村",
    motherPhone: phone(1),
    caregiverName: caregiver.name,
    caregiverRelation: caregiver.rel!,
    caregiverAge: caregiver.rel === "父亲" || caregiver.rel === "母亲" ? 38 : 60 + (family % 15),
    caregiverOccupation: "务农",
    caregiverPhone: editedRow && caregiver.rel === "父亲" ? `139${phone(0).slice(3)}` : caregiver.phone,
    caregiverHealth: family % 5 ? "良好" : "高血压",
    health: i % 17 ? "健康" : "哮喘",
    notes: i % 11 ? "性格开朗" : "需要多关心",
    ethnicity: i % 13 ? "汉族" : "回族",
    idNumber: id17 + idCheckCharacter(id17),
    boarding: grade >= 4 ? "是" : "否",
    guardianship: ["较好", "一般", "差"][family % 3]!,
    priorityCare: family % 9 ? "否" : "是",
    incomeSources: "务工、务农",
    aidReceived: family % 7 ? "无" : "低保",
    fatherBirthYear: 1980 + (family % 10),
    motherBirthYear: 1982 + (family % 10),
    caregiverAddress: `安徽省池州市某县某镇${["新塘", "桃园", "河东", "杨柳"][family % 4]}村${(family % 9) + 1}组`,
    status: "在读",
    statusReason: "新生入学",
    statusDate: new Date(Date.UTC(2026, 8, 1)),
    admittedAt: new Date(Date.UTC(2023, 8, 1)),
  };
}

async function writeRoster(path: string, n: number, edited: boolean): Promise<void> {
  // Loaded here only: the measured runs load what an import loads, not the Excel writer.
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("留守儿童花名册");
  ws.addRow(["某某镇中心小学留守儿童信息登记表"]);
  ws.addRow(COLUMNS.map((c) => c.header));
  for (let i = 0; i < n; i++) {
    const r = child(i, edited);
    ws.addRow(COLUMNS.map((c) => r[c.key]));
  }
  await wb.xlsx.writeFile(path);
}

/** One run in this process: read, parse, plan and write; prints JSON. */
async function runPhase(file: string, url: string, dryRun: boolean): Promise<void> {
  const t0 = performance.now();
  const table = parseRosterFile(await readRosterFile(file, { maxFileMb: 50 }), systemClock.now());
  const parsedMs = performance.now() - t0;
  const db = await openDb(url);
  const result = await withTx(db, (tx) =>
    importRoster(
      { db: tx, clock: systemClock, logger: silentLogger(), settings: defaultDomainSettings },
      { table, actor: { type: "CLI" }, dryRun, acceptPartial: false, createClasses: true, schoolName: "某某镇中心小学" },
    ),
  );
  const ms = performance.now() - t0;
  await db.$disconnect();
  const r = result.report;
  console.log(
    JSON.stringify({ ms: Math.round(ms), parsedMs: Math.round(parsedMs), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), added: r.added, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected }),
  );
}

const program = new Command()
  .option("--n <n>", "children in the generated roster", "5000")
  .option("--write <file>", "only write the generated roster (.xlsx) to this file, e.g. to try `roster import` by hand")
  .option("--edited", "with --write: the edited version (10% of rows changed)")
  .option("--phase <phase>", "internal: one run (first|again|dry|edit) and print JSON")
  .option("--file <file>", "internal")
  .option("--url <url>", "internal");
program.parse();
const opts = program.opts<{ n: string; write?: string; edited?: boolean; phase?: string; file?: string; url?: string }>();

if (opts.write) {
  await writeRoster(opts.write, Number(opts.n), !!opts.edited);
} else if (opts.phase) {
  await runPhase(opts.file!, opts.url!, opts.phase === "dry");
} else {
  const n = Number(opts.n);
  const dir = mkdtempSync(join(tmpdir(), "qinqing-bench-roster-"));
  const url = `file:${join(dir, "bench.db")}`;
  try {
    const file = join(dir, "roster.xlsx");
    const editedFile = join(dir, "roster-edited.xlsx");
    await writeRoster(file, n, false);
    await writeRoster(editedFile, n, true);
    await migrateDatabase(url);
    console.log(`roster: ${n} children, ${COLUMNS.length} columns, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB; SQLite ${url}`);
    const self = fileURLToPath(import.meta.url);
    const runs: [string, string, string][] = [
      ["first", file, "first import"],
      ["again", file, "re-import, same file"],
      ["dry", editedFile, "dry run, 10% of rows edited"],
      ["edit", editedFile, "import, 10% of rows edited"],
    ];
    console.log("| run | time (s) | of which read+parse (s) | peak RSS (MB) | added | updated | unchanged | rejected |");
    console.log("|---|---|---|---|---|---|---|---|");
    for (const [phase, f, label] of runs) {
      const child = spawnSync(process.execPath, ["--import", "tsx", self, "--phase", phase, "--file", f, "--url", url], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
      if (child.status !== 0) throw new Error(`${phase} failed: ${child.stderr}`);
      const r = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Record<string, number>;
      console.log(`| ${label} | ${(r.ms! / 1000).toFixed(2)} | ${(r.parsedMs! / 1000).toFixed(2)} | ${r.peakRssMb} | ${r.added} | ${r.updated} | ${r.unchanged} | ${r.rejected} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
