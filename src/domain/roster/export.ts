/**
 * `roster export`: the school's children as an Excel roster in the import layout (columns.ts
 * order, a title row above the header), so that importing the file again changes nothing.
 * Each child's father, mother and caregiver fill their slots as the import reads them.
 */
import ExcelJS from "exceljs";
import type { Deps } from "../deps.ts";
import type { AuditActor } from "../audit.ts";
import type { Guardian } from "../../generated/prisma/client.ts";
import { ROSTER_SHEET_NAME, rosterTitleText } from "../../messages/roster.ts";
import { compareClasses } from "../cards.ts";
import { COLUMNS, type FieldKey } from "./columns.ts";
import { assertRosterActor } from "./import.ts";
import { AT_HOME_WORD, AWAY_WORD, GUARDIANSHIP_WORD, LEFT_BEHIND_WORD, NO_WORD, RELATION_WORD, STATUS_WORD, YES_WORD } from "./labels.ts";
import { formatHealth, formatRosterDate, shanghaiDate } from "./normalize.ts";

/** Options of {@link exportRoster}. */
export interface ExportRosterInput {
  schoolId: number;
  actor: AuditActor;
  /** Only this class. */
  classId?: number;
  /** Also TRANSFERRED, GRADUATED and EXITED children (default: ACTIVE only). */
  includeInactive?: boolean;
}

type Cell = string | number | Date | null;

/** A calendar date as an Excel date cell (Excel dates have no zone: the UTC fields carry the date). */
function excelDate(d: Date | null): Date | null {
  if (!d) return null;
  const { y, m, d: day } = shanghaiDate(d);
  return new Date(Date.UTC(y, m - 1, day));
}

const yesNo = (v: boolean | null) => (v === null ? null : v ? YES_WORD : NO_WORD);

/** The lowest-id guardian that `fits`. */
function first(guardians: Guardian[], fits: (g: Guardian) => boolean): Guardian | null {
  return guardians.filter(fits).sort((a, b) => a.id - b.id)[0] ?? null;
}

/**
 * Builds the roster workbook of school `schoolId` (one sheet, ACTIVE children unless
 * `includeInactive`), sorted by class (grade, name), then student number, then id. Phones and
 * ID numbers are written as stored (ID numbers are masked unless the full-number setting was on
 * when they were imported). Same actor rule as the import.
 */
export async function exportRoster(deps: Deps, input: ExportRosterInput): Promise<{ workbook: ExcelJS.Workbook; children: number }> {
  const { db, clock } = deps;
  await assertRosterActor(deps, input.actor);
  const school = await db.school.findUniqueOrThrow({ where: { id: input.schoolId } });
  const students = await db.student.findMany({
    where: { schoolId: input.schoolId, ...(input.classId ? { classId: input.classId } : {}), ...(input.includeInactive ? {} : { status: "ACTIVE" }) },
    include: { class: true, guardians: { include: { guardian: true } } },
  });
  students.sort(
    (a, b) =>
      compareClasses(a.class, b.class) ||
      (a.studentNo === null ? 1 : 0) - (b.studentNo === null ? 1 : 0) ||
      (a.studentNo ?? "").localeCompare(b.studentNo ?? "", "en", { numeric: true }) ||
      a.id - b.id,
  );

  const wb = new ExcelJS.Workbook();
  wb.created = clock.now();
  const ws = wb.addWorksheet(ROSTER_SHEET_NAME, { views: [{ state: "frozen", ySplit: 2 }] });
  ws.addRow([rosterTitleText(school.name, formatRosterDate(clock.now()))]);
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  const header = ws.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.key === "homeAddress" || c.key === "caregiverAddress" ? 30 : c.key === "idNumber" ? 21 : 14;
    if (c.key === "birthDate" || c.key === "statusDate" || c.key === "admittedAt") col.numFmt = "yyyy-mm-dd";
  });

  students.forEach((s, i) => {
    const gs = s.guardians.map((l) => l.guardian);
    const father = first(gs, (g) => g.relation === "FATHER");
    const mother = first(gs, (g) => g.relation === "MOTHER");
    const caregiver = first(gs, (g) => g.isCaregiver && g.relation !== "FATHER" && g.relation !== "MOTHER") ?? [father, mother].find((p) => p?.isCaregiver) ?? null;
    const place = (p: Guardian | null) => (!p ? null : p.worksAway ? (p.workCity ?? AWAY_WORD) : AT_HOME_WORD);
    const caregiverRelation = !caregiver ? null : caregiver.relation === "FATHER" || caregiver.relation === "MOTHER" ? RELATION_WORD[caregiver.relation] : (caregiver.relationLabel ?? RELATION_WORD[caregiver.relation]);
    const values: Record<FieldKey, Cell> = {
      seq: i + 1,
      className: s.class.name,
      studentNo: s.studentNo,
      name: s.name,
      gender: s.gender,
      birthDate: excelDate(s.birthDate),
      leftBehindType: LEFT_BEHIND_WORD[s.leftBehindType],
      homeAddress: s.homeAddress,
      fatherName: father?.name ?? null,
      fatherWorkCity: place(father),
      fatherEmployer: father?.employer ?? null,
      fatherPhone: father?.phone ?? null,
      motherName: mother?.name ?? null,
      motherWorkCity: place(mother),
      motherEmployer: mother?.employer ?? null,
      motherPhone: mother?.phone ?? null,
      caregiverName: caregiver?.name ?? null,
      caregiverRelation,
      caregiverAge: caregiver?.age ?? null,
      caregiverOccupation: caregiver?.occupation ?? null,
      caregiverPhone: caregiver?.phone ?? null,
      caregiverHealth: caregiver?.health ?? null,
      health: s.health ? formatHealth(s.health, s.healthNote) : null,
      notes: s.notes,
      ethnicity: s.ethnicity,
      idNumber: s.idNumber,
      boarding: yesNo(s.boarding),
      guardianship: s.guardianship ? GUARDIANSHIP_WORD[s.guardianship] : null,
      priorityCare: yesNo(s.priorityCare),
      incomeSources: s.incomeSources,
      aidReceived: s.aidReceived,
      fatherBirthYear: father?.birthYear ?? null,
      motherBirthYear: mother?.birthYear ?? null,
      caregiverAddress: caregiver?.address ?? null,
      status: STATUS_WORD[s.status],
      statusReason: s.statusReason,
      statusDate: excelDate(s.statusDate),
      admittedAt: excelDate(s.admittedAt),
    };
    ws.addRow(COLUMNS.map((c) => values[c.key]));
  });
  return { workbook: wb, children: students.length };
}
