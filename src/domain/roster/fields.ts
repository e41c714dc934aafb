/**
 * Field-level comparison of a roster row with the stored records: what a row asks for
 * (blank cells ask nothing), which stored fields that changes, how each change reads in the
 * report (old -> new, phones and ID numbers masked) and in the audit log (masked as well).
 */
import type { Guardian, Student } from "../../generated/prisma/client.ts";
import type { LeftBehindType } from "../../generated/prisma/enums.ts";
import { maskPhoneMiddle } from "../../lib/mask.ts";
import { GUARDIAN_FIELD_WORD, ROSTER_WORD } from "../../messages/roster.ts";
import type { FieldKey } from "./columns.ts";
import { AT_HOME_WORD, AWAY_WORD, GUARDIANSHIP_WORD, LEFT_BEHIND_WORD, NO_WORD, parentAwayByType, RELATION_WORD, STATUS_WORD, YES_WORD } from "./labels.ts";
import { canonicalRelationLabel, formatHealth, formatRosterDate, maskIdNumber, sameIdNumber } from "./normalize.ts";
import type { GuardianInput, Slot, StudentInput } from "./types.ts";

/** A student's stored fields that a roster sets (classId is resolved by plan.ts). */
export type StudentData = Omit<Student, "id" | "schoolId" | "createdAt" | "updatedAt" | "lastParentContactAt">;
/** A guardian's stored fields that a roster sets. */
export type GuardianData = Omit<Guardian, "id" | "schoolId" | "createdAt" | "updatedAt">;

/** One changed field as the report shows it. */
export interface ShownChange {
  column: string;
  from: string;
  to: string;
}

/** Audit detail of changed fields: `{ phone: { old: "138****1004", new: "139****1234" } }`. */
export type AuditChanges = Record<string, { old: unknown; new: unknown }>;

const show = (v: string | null | undefined) => (v === null || v === undefined || v === "" ? ROSTER_WORD.empty : v);
const yesNo = (v: boolean | null) => (v === null ? ROSTER_WORD.empty : v ? YES_WORD : NO_WORD);
const date = (v: Date | null) => (v ? formatRosterDate(v) : ROSTER_WORD.empty);

/** A value as the audit log keeps it: dates as `YYYY-MM-DD`, phones and ID numbers masked. */
export function auditValue(field: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return formatRosterDate(v);
  if (field === "phone" && typeof v === "string") return maskPhoneMiddle(v);
  if (field === "idNumber" && typeof v === "string") return maskIdNumber(v);
  return v;
}

/** A group of fields shown as one column in the report. */
interface Spec<R> {
  fields: (keyof R & string)[];
  show: (r: R) => string;
  same?: (a: unknown, b: unknown) => boolean;
}

const sameValue = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/**
 * Compares `patch` (only the fields a row sets) with `stored`: the fields to write, the report
 * lines (labelled by `label(spec index)`), and the audit detail. A field the row leaves blank is
 * never in `patch`, so a stored value is never erased by a blank cell.
 */
function diff<R extends object>(specs: readonly Spec<R>[], stored: R, patch: Partial<R>, label: (i: number) => string) {
  const data: Partial<R> = {};
  const shown: ShownChange[] = [];
  const audit: AuditChanges = {};
  specs.forEach((spec, i) => {
    const changed = spec.fields.filter((f) => patch[f] !== undefined && !(spec.same ?? sameValue)(stored[f], patch[f]));
    if (changed.length === 0) return;
    for (const f of changed) {
      (data as Record<string, unknown>)[f] = patch[f];
      audit[f] = { old: auditValue(f, stored[f]), new: auditValue(f, patch[f]) };
    }
    shown.push({ column: label(i), from: spec.show(stored), to: spec.show({ ...stored, ...data }) });
  });
  return { data, shown, audit };
}

/** Student fields in report order, each with its roster column. */
const STUDENT_SPECS: readonly (Spec<StudentData> & { key: FieldKey })[] = [
  { key: "studentNo", fields: ["studentNo"], show: (r) => show(r.studentNo) },
  { key: "gender", fields: ["gender"], show: (r) => show(r.gender) },
  { key: "birthDate", fields: ["birthDate"], show: (r) => date(r.birthDate) },
  { key: "leftBehindType", fields: ["leftBehindType"], show: (r) => LEFT_BEHIND_WORD[r.leftBehindType] },
  { key: "homeAddress", fields: ["homeAddress"], show: (r) => show(r.homeAddress) },
  { key: "ethnicity", fields: ["ethnicity"], show: (r) => show(r.ethnicity) },
  { key: "idNumber", fields: ["idNumber"], show: (r) => show(r.idNumber && maskIdNumber(r.idNumber)), same: (a, b) => typeof a === "string" && typeof b === "string" && sameIdNumber(a, b) },
  { key: "boarding", fields: ["boarding"], show: (r) => yesNo(r.boarding) },
  { key: "health", fields: ["health", "healthNote"], show: (r) => (r.health ? formatHealth(r.health, r.healthNote) : show(r.healthNote)) },
  { key: "guardianship", fields: ["guardianship"], show: (r) => (r.guardianship ? GUARDIANSHIP_WORD[r.guardianship] : ROSTER_WORD.empty) },
  { key: "priorityCare", fields: ["priorityCare"], show: (r) => yesNo(r.priorityCare) },
  { key: "notes", fields: ["notes"], show: (r) => show(r.notes) },
  { key: "incomeSources", fields: ["incomeSources"], show: (r) => show(r.incomeSources) },
  { key: "aidReceived", fields: ["aidReceived"], show: (r) => show(r.aidReceived) },
  { key: "status", fields: ["status"], show: (r) => STATUS_WORD[r.status] },
  { key: "statusReason", fields: ["statusReason"], show: (r) => show(r.statusReason) },
  { key: "statusDate", fields: ["statusDate"], show: (r) => date(r.statusDate) },
  { key: "admittedAt", fields: ["admittedAt"], show: (r) => date(r.admittedAt) },
];

/**
 * The stored values a row asks for (classId excepted). ID numbers are masked to the last 4
 * characters unless `storeFullIdNumber` (ROSTER_STORE_FULL_ID_NUMBER).
 */
export function studentPatch(s: StudentInput, storeFullIdNumber: boolean): Partial<StudentData> {
  const { className: _className, idNumber, ...rest } = s;
  const patch: Partial<StudentData> = { ...rest };
  if (idNumber !== undefined) patch.idNumber = storeFullIdNumber ? idNumber : maskIdNumber(idNumber);
  return patch;
}

/** A new student's fields: the row's values over the defaults (ACTIVE, nothing else known). */
export function newStudentData(patch: Partial<StudentData>, classId: number): StudentData {
  return {
    classId,
    name: patch.name!,
    studentNo: null,
    gender: null,
    birthDate: null,
    leftBehindType: patch.leftBehindType!,
    status: "ACTIVE",
    statusReason: null,
    statusDate: null,
    admittedAt: null,
    ethnicity: null,
    idNumber: null,
    homeAddress: null,
    boarding: null,
    health: null,
    healthNote: null,
    guardianship: null,
    priorityCare: false,
    notes: null,
    incomeSources: null,
    aidReceived: null,
    ...patch,
  };
}

/** What changes on a stored student; `columnName` labels each change with the file's header. */
export function diffStudent(stored: StudentData, patch: Partial<StudentData>, columnName: (key: FieldKey) => string) {
  return diff(STUDENT_SPECS, stored, patch, (i) => columnName(STUDENT_SPECS[i]!.key));
}

const relationWord = (r: Pick<GuardianData, "relation" | "relationLabel">) => r.relationLabel ?? RELATION_WORD[r.relation];

/** Guardian fields in report order, each with the report word. */
const GUARDIAN_SPECS: readonly (Spec<GuardianData> & { word: keyof typeof GUARDIAN_FIELD_WORD })[] = [
  { word: "relation", fields: ["relation", "relationLabel"], show: relationWord },
  { word: "isCaregiver", fields: ["isCaregiver"], show: (r) => yesNo(r.isCaregiver) },
  { word: "workCity", fields: ["worksAway", "workCity"], show: (r) => (r.worksAway ? (r.workCity ?? AWAY_WORD) : AT_HOME_WORD) },
  { word: "employer", fields: ["employer"], show: (r) => show(r.employer) },
  { word: "phone", fields: ["phone"], show: (r) => show(r.phone && maskPhoneMiddle(r.phone)) },
  { word: "birthYear", fields: ["birthYear"], show: (r) => show(r.birthYear?.toString()) },
  { word: "age", fields: ["age"], show: (r) => show(r.age?.toString()) },
  { word: "occupation", fields: ["occupation"], show: (r) => show(r.occupation) },
  { word: "address", fields: ["address"], show: (r) => show(r.address) },
  { word: "health", fields: ["health"], show: (r) => show(r.health) },
];

/** The roster column of each guardian field by slot (caregiver columns also feed a parent who is the caregiver). */
const SLOT_COLUMN: Record<Slot, Partial<Record<keyof typeof GUARDIAN_FIELD_WORD, FieldKey>>> = {
  father: { name: "fatherName", workCity: "fatherWorkCity", employer: "fatherEmployer", phone: "fatherPhone", birthYear: "fatherBirthYear", age: "caregiverAge", occupation: "caregiverOccupation", address: "caregiverAddress", health: "caregiverHealth" },
  mother: { name: "motherName", workCity: "motherWorkCity", employer: "motherEmployer", phone: "motherPhone", birthYear: "motherBirthYear", age: "caregiverAge", occupation: "caregiverOccupation", address: "caregiverAddress", health: "caregiverHealth" },
  caregiver: { name: "caregiverName", relation: "caregiverRelation", phone: "caregiverPhone", age: "caregiverAge", occupation: "caregiverOccupation", address: "caregiverAddress", health: "caregiverHealth" },
};

/** 父亲 / 母亲 / 监护人. */
export const slotWord = (slot: Slot) => ROSTER_WORD[slot];

/** The report label of a guardian field: the file's column where one holds it, else `父亲是否监护人` style. */
export function guardianColumn(slot: Slot, word: keyof typeof GUARDIAN_FIELD_WORD, columnName: (key: FieldKey) => string): string {
  const key = SLOT_COLUMN[slot][word];
  return key ? columnName(key) : `${slotWord(slot)}${GUARDIAN_FIELD_WORD[word]}`;
}

/**
 * The stored values a row asks for one adult. Parents: worksAway from 务工地点 (a place: true;
 * 在家/务农/本地: false), else from the 留守类型 `type`; a parent away is not the caregiver unless
 * the row names them so. The caregiver's relation keeps the written word when the enum is coarser.
 */
export function guardianPatch(g: GuardianInput, type: LeftBehindType | undefined): Partial<GuardianData> {
  const patch: Partial<GuardianData> = { name: g.name };
  if (g.slot === "caregiver") {
    if (g.relation) {
      patch.relation = g.relation.relation;
      patch.relationLabel = g.relation.label;
    }
  } else {
    patch.relation = g.slot === "father" ? "FATHER" : "MOTHER";
    const away = g.worksAway ?? (g.workCity !== undefined ? true : type ? parentAwayByType(type, g.slot) : undefined);
    if (away !== undefined) patch.worksAway = away;
    if (away === true && !g.isCaregiver) patch.isCaregiver = false;
  }
  if (g.isCaregiver) patch.isCaregiver = true;
  for (const f of ["workCity", "employer", "phone", "birthYear", "age", "occupation", "address", "health"] as const) {
    if (g[f] !== undefined) (patch as Record<string, unknown>)[f] = g[f];
  }
  return patch;
}

/** A new guardian's fields: the row's values over the defaults. */
export function newGuardianData(patch: Partial<GuardianData>): GuardianData {
  return {
    name: patch.name!,
    relation: "OTHER",
    relationLabel: null,
    isCaregiver: false,
    worksAway: false,
    phone: null,
    workCity: null,
    employer: null,
    birthYear: null,
    age: null,
    occupation: null,
    address: null,
    health: null,
    ...patch,
  };
}

/** What changes on a stored guardian, labelled for `slot`. The relation label is compared canonically. */
export function diffGuardian(stored: GuardianData, patch: Partial<GuardianData>, slot: Slot, columnName: (key: FieldKey) => string) {
  const { name: _name, ...rest } = patch;
  const canonical = { ...stored, relationLabel: canonicalRelationLabel(stored.relation, stored.relationLabel) };
  return diff(GUARDIAN_SPECS, canonical, rest, (i) => guardianColumn(slot, GUARDIAN_SPECS[i]!.word, columnName));
}

/** The field names of {@link GUARDIAN_SPECS} a patch sets, for the same-person consistency check. */
export const GUARDIAN_FIELDS = GUARDIAN_SPECS.flatMap((s) => s.fields);
