import { TestWorld } from "../helpers/world.ts";

/** The demo school with `bound` people bound (and `env` as config), for the care tests. */
export async function careWorld(bound: string[], env: Record<string, string> = {}): Promise<TestWorld> {
  const w = await TestWorld.create({ env });
  for (const label of bound) await w.givenBound(label);
  return w;
}

/** What `label` receives in reply to sending `text` in private chat. */
export async function askAs(w: TestWorld, label: string, text: string): Promise<string[]> {
  return TestWorld.textsTo(await w.say(label, text), label);
}
