// A constant JSON resource route: the baseline that bench/api.ts measures the gate against.
export function loader() {
  return Response.json({ ok: true });
}
