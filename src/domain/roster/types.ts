/**
 * Shapes shared by the roster import steps: read (file -> grid), rows (grid -> inputs), plan
 * (inputs vs database -> plan) and apply (plan -> database).
 */
import type { GuardianRelation, GuardianshipLevel, HealthStatus, LeftBehindType, StudentStatus } from "../../generated/prisma/enums.ts";

/** Why an import cannot run at all. messages/roster.ts `rosterErrorText` words each code. */
export type RosterErrorCode =
  /** The path does not exist or is not a file. */
  | "NOT_FOUND"
  /** Over ROSTER_MAX_FILE_MB; checked before reading. */
  | "TOO_LARGE"
  /** Not .xlsx / .csv. */
  | "WRONG_TYPE"
  /** An Excel 97-2003 (.xls) or password-protected workbook: exceljs reads neither. */
  | "OLD_XLS"
  /** Named .xlsx but not a zip (renamed file). */
  | "NOT_XLSX"
  /** Named .csv but binary (often an .xlsx renamed). */
  | "NOT_CSV"
  /** exceljs could not open the workbook. */
  | "UNREADABLE"
  /** No cell has a value. */
  | "EMPTY"
  /** No row of the first rows looks like a header (姓名 and two other known columns). */
  | "NO_HEADER"
  /** The database has no school and none was named (`--school`). */
  | "NO_SCHOOL";

/** A refusal of the whole import; `details` carries what the message needs (file name, sizes...). */
export class RosterError extends Error {
  constructor(
    readonly code: RosterErrorCode,
    readonly details: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = "RosterError";
  }
}

/** One problem of one row: its spreadsheet row number, the column as the file names it, and why (Chinese). */
export interface Problem {
  row: number;
  column: string;
  reason: string;
}

/**
 * A child's fields as one row gives them. `undefined` = blank cell: the stored value is kept.
 * `null` (only where allowed) = the row clears the value on purpose.
 */
export interface StudentInput {
  name: string;
  studentNo?: string;
  className?: string;
  gender?: string;
  birthDate?: Date;
  leftBehindType?: LeftBehindType;
  homeAddress?: string;
  ethnicity?: string;
  /** Full or already masked; plan.ts masks it unless the setting keeps full numbers. */
  idNumber?: string;
  boarding?: boolean;
  health?: HealthStatus;
  healthNote?: string | null;
  guardianship?: GuardianshipLevel;
  priorityCare?: boolean;
  notes?: string;
  incomeSources?: string;
  aidReceived?: string;
  status?: StudentStatus;
  statusReason?: string;
  statusDate?: Date;
  /** 入学日期 / 转入日期 (Asia/Shanghai midnight). */
  admittedAt?: Date;
}

/** Which of the roster's three adults a person fills. */
export type Slot = "father" | "mother" | "caregiver";

/**
 * One adult of a row. For parents `worksAway` is set when 务工地点 says so in words (在家, 务农,
 * 本地: false; 外出: true), a `workCity` means true, and a blank leaves it to the 留守类型. Caregiver
 * columns that belong to a parent who is the caregiver (age, occupation, health, address) land
 * on that parent.
 */
export interface GuardianInput {
  slot: Slot;
  name: string;
  relation?: { relation: GuardianRelation; label: string | null };
  isCaregiver?: boolean;
  workCity?: string;
  worksAway?: boolean;
  employer?: string;
  phone?: string;
  birthYear?: number;
  age?: number;
  occupation?: string;
  address?: string;
  health?: string;
}

/** One data row after cell parsing: the child, up to three adults, and what was wrong. */
export interface ParsedRow {
  rowNumber: number;
  student: StudentInput;
  guardians: GuardianInput[];
  problems: Problem[];
  /** Not errors: what the import did with something odd (a second phone for one person). */
  warnings: Problem[];
}
