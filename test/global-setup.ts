import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../src/db/migrate.ts";

/** Migrates one template database for the whole run; each test copies it (test/helpers/db.ts). */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "qinqing-test-"));
  const template = join(dir, "template.db");
  await migrateDatabase(`file:${template}`);
  project.provide("templateDb", template);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
