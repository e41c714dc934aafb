/**
 * From a sheet's grid to one {@link ParsedRow} per child: the header is found, blank rows and
 * footer lines (填表人, 审核人, 填表日期, 合计...) are skipped, and every cell is parsed with
 * normalize.ts. A caregiver who is the father or mother (same name, relation 父亲/母亲) is folded
 * into that parent. Problems name the row and the column as the file writes it.
 */
import { tidySpaces } from "../../lib/text.ts";
import { ROSTER_PROBLEM, ROSTER_WORD } from "../../messages/roster.ts";
import type { FieldKey } from "./columns.ts";
import { columnNameOf, findHeader, type HeaderMatch } from "./header.ts";
import { AT_HOME_WORDS, AWAY_WORDS, wordKey } from "./labels.ts";
import {
  cellText,
  normalizeName,
  parseBirthYear,
  parseDate,
  parseGender,
  parseGuardianship,
  parseHealth,
  parseIdNumber,
  parseInteger,
  parseLeftBehindType,
  parsePhone,
  parseRelation,
  parseStatus,
  parseYesNo,
  type CellValue,
  type Parsed,
} from "./normalize.ts";
import type { GridRow, RosterFile } from "./read.ts";
import { RosterError, type GuardianInput, type ParsedRow, type Problem, type StudentInput } from "./types.ts";

/** A sheet read into rows, with where its header was and what was skipped. */
export interface RosterTable {
  fileName: string;
  sheetName: string | null;
  header: HeaderMatch;
  rows: ParsedRow[];
  /** Blank rows (or rows with only a 序号) and footer lines skipped below the header. */
  skippedRows: number;
}

/** A footer or signature line under the table. */
const FOOTER = /^(填表人|填报人|审核人|审核|制表人|制表|统计人|经办人|负责人|校长|班主任签名|填表日期|填报日期|制表日期|审核日期|学校盖章|单位盖章|盖章|签名|签字)(?:[\s:：(（]|$)|^(说明|注|备注)[:：]|^(合计|总计|共计|小计)/;

/**
 * Finds the first sheet with a header and parses its rows. `now` bounds birth dates and years.
 * Throws RosterError NO_HEADER when no sheet has one.
 */
export function parseRosterFile(file: RosterFile, now: Date): RosterTable {
  for (const sheet of file.sheets) {
    const header = findHeader(sheet);
    if (!header) continue;
    const rows: ParsedRow[] = [];
    let skippedRows = 0;
    for (const row of sheet.rows.slice(header.dataStart)) {
      const parsed = parseRow(row, header, now);
      if (parsed) rows.push(parsed);
      else skippedRows++;
    }
    return { fileName: file.fileName, sheetName: sheet.sheetName, header, rows, skippedRows };
  }
  throw new RosterError("NO_HEADER", { fileName: file.fileName });
}

const PARENT_FIELDS = {
  father: { name: "fatherName", workCity: "fatherWorkCity", employer: "fatherEmployer", phone: "fatherPhone", birthYear: "fatherBirthYear" },
  mother: { name: "motherName", workCity: "motherWorkCity", employer: "motherEmployer", phone: "motherPhone", birthYear: "motherBirthYear" },
} as const satisfies Record<"father" | "mother", Record<string, FieldKey>>;
const CAREGIVER_FIELDS: FieldKey[] = ["caregiverName", "caregiverRelation", "caregiverAge", "caregiverOccupation", "caregiverPhone", "caregiverHealth", "caregiverAddress"];

/** Parses one data row; null for a row to skip (blank, only a 序号, a footer line). */
export function parseRow(row: GridRow, header: HeaderMatch, now: Date): ParsedRow | null {
  const cell = (key: FieldKey): CellValue => {
    const c = header.columns.get(key);
    return c ? (row.cells[c.col] ?? null) : null;
  };
  if (row.cells.some((c) => typeof c === "string" && FOOTER.test(c.trimStart()))) return null;
  const seqCol = header.columns.get("seq")?.col;
  if (row.cells.every((c, i) => c === null || i === seqCol || cellText(c) === "")) return null;

  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const problem = (key: FieldKey, reason: string) => problems.push({ row: row.rowNumber, column: columnNameOf(header, key), reason });
  const text = (key: FieldKey): string | undefined => tidySpaces(cellText(cell(key))) || undefined;
  /** Runs `parser` on a non-blank cell; a refusal becomes a problem of the row. */
  const take = <T>(key: FieldKey, parser: (v: CellValue) => Parsed<T>): T | undefined => {
    const v = cell(key);
    if (cellText(v) === "") return undefined;
    const r = parser(v);
    if (r.ok) return r.value;
    problem(key, r.reason);
    return undefined;
  };

  const name = normalizeName(cellText(cell("name")));
  if (!name) problem("name", ROSTER_PROBLEM.nameMissing);
  const student: StudentInput = { name };
  const set = <K extends keyof StudentInput>(k: K, v: StudentInput[K] | undefined) => {
    if (v !== undefined) student[k] = v;
  };
  set("studentNo", text("studentNo")?.normalize("NFKC").replace(/\s+/g, ""));
  set("className", text("className"));
  set("gender", take("gender", parseGender));
  set("birthDate", take("birthDate", (v) => parseDate(v, now)));
  set("leftBehindType", take("leftBehindType", parseLeftBehindType));
  set("homeAddress", text("homeAddress"));
  set("ethnicity", text("ethnicity"));
  set("idNumber", take("idNumber", parseIdNumber));
  set("boarding", take("boarding", parseYesNo));
  set("guardianship", take("guardianship", parseGuardianship));
  set("priorityCare", take("priorityCare", parseYesNo));
  set("notes", text("notes"));
  set("incomeSources", text("incomeSources"));
  set("aidReceived", text("aidReceived"));
  set("statusDate", take("statusDate", (v) => parseDate(v)));
  set("admittedAt", take("admittedAt", (v) => parseDate(v)));
  set("statusReason", text("statusReason"));
  if (text("health")) {
    const h = parseHealth(cell("health"));
    student.health = h.health;
    student.healthNote = h.note;
  }
  const status = take("status", parseStatus);
  if (status) {
    student.status = status.status;
    if (status.status === "EXITED" && student.statusReason === undefined && wordKey(status.word) !== wordKey(ROSTER_WORD.exited)) student.statusReason = status.word;
  }

  const guardians: GuardianInput[] = [];
  for (const slot of ["father", "mother"] as const) {
    const f = PARENT_FIELDS[slot];
    const parentName = normalizeName(cellText(cell(f.name)));
    const filled = [f.workCity, f.employer, f.phone, f.birthYear].some((k) => text(k) !== undefined);
    if (!parentName) {
      if (filled) problem(f.name, ROSTER_PROBLEM.personNameMissing(ROSTER_WORD[slot]));
      continue;
    }
    const g: GuardianInput = { slot, name: parentName };
    const place = text(f.workCity);
    if (place !== undefined && AT_HOME_WORDS.has(wordKey(place))) g.worksAway = false;
    else if (place !== undefined && AWAY_WORDS.has(wordKey(place))) g.worksAway = true;
    else if (place !== undefined) g.workCity = place;
    const employer = text(f.employer);
    if (employer !== undefined) g.employer = employer;
    const phone = take(f.phone, parsePhone);
    if (phone !== undefined) g.phone = phone;
    const birthYear = take(f.birthYear, (v) => parseBirthYear(v, now));
    if (birthYear !== undefined) g.birthYear = birthYear;
    guardians.push(g);
  }

  const caregiverName = normalizeName(cellText(cell("caregiverName")));
  if (!caregiverName && CAREGIVER_FIELDS.some((k) => k !== "caregiverName" && text(k) !== undefined)) {
    problem("caregiverName", ROSTER_PROBLEM.personNameMissing(ROSTER_WORD.caregiver));
  }
  if (caregiverName) {
    const relation = text("caregiverRelation") !== undefined ? parseRelation(cell("caregiverRelation")) : undefined;
    const details: Partial<GuardianInput> = {};
    const age = take("caregiverAge", (v) => parseInteger(v, 0, 120, ROSTER_PROBLEM.age));
    if (age !== undefined) details.age = age;
    for (const [key, field] of [["caregiverOccupation", "occupation"], ["caregiverHealth", "health"], ["caregiverAddress", "address"]] as const) {
      const v = text(key);
      if (v !== undefined) details[field] = v;
    }
    const phone = take("caregiverPhone", parsePhone);
    const parentSlot =
      relation?.relation === "FATHER" ? "father" : relation?.relation === "MOTHER" ? "mother" : relation ? null : guardians.find((g) => g.name === caregiverName)?.slot;
    if (parentSlot === "father" || parentSlot === "mother") {
      let parent = guardians.find((g) => g.slot === parentSlot);
      if (parent && parent.name !== caregiverName) {
        problem("caregiverRelation", ROSTER_PROBLEM.caregiverParentMismatch(ROSTER_WORD[parentSlot], parent.name));
      } else {
        if (!parent) guardians.push((parent = { slot: parentSlot, name: caregiverName }));
        Object.assign(parent, details, { isCaregiver: true });
        if (phone !== undefined && parent.phone === undefined) parent.phone = phone;
        else if (phone !== undefined && phone !== parent.phone) {
          warnings.push({ row: row.rowNumber, column: columnNameOf(header, "caregiverPhone"), reason: ROSTER_PROBLEM.caregiverPhoneDiffers(ROSTER_WORD[parentSlot]) });
        }
      }
    } else {
      guardians.push({ slot: "caregiver", name: caregiverName, isCaregiver: true, ...(relation ? { relation } : {}), ...details, ...(phone !== undefined ? { phone } : {}) });
    }
  }
  return { rowNumber: row.rowNumber, student, guardians, problems, warnings };
}
