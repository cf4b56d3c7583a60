// Waits until the Hamro server answers /healthz, so tests never race its start-up.
export default async function globalSetup(): Promise<void> {
  const base = process.env.HAMRO_E2E_URL ?? "http://127.0.0.1:3100";
  const deadline = Date.now() + 120_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Hamro did not become healthy at ${base} within 120 s (${last})`);
}
