// Waits for something to become true, polling; the ceiling only stops a test that would otherwise hang, and
// the failure says what was awaited.
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ceilingMs = 120_000,
): Promise<T> {
  const started = Date.now();
  for (let pause = 10; ; pause = Math.min(pause * 2, 250)) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > ceilingMs) throw new Error(`gave up after ${ceilingMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
