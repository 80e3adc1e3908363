// Remix route ids of the app's action paths (for the legacy `?_data=` form of a POST).
/** The Remix route id of an app path, for the legacy `?_data=` form of a POST. */
export function routeIdOf(path: string): string {
  const p = path.split("?")[0]!;
  const table: Array<[RegExp, string]> = [
    [/^\/app\/clients\/new$/, "routes/app+/clients+/new"],
    [/^\/app\/clients\/[^/]+\/edit$/, "routes/app+/clients+/$clientId.edit"],
    [/^\/app\/clients\/[^/]+\/observations$/, "routes/app+/clients+/$clientId.observations"],
    [/^\/app\/clients\/[^/]+$/, "routes/app+/clients+/$clientId._index"],
    [/^\/app\/assessments\/[^/]+\/review$/, "routes/app+/assessments+/$assessmentId_.review"],
    [/^\/app\/assessments\/[^/]+\/decision$/, "routes/app+/assessments+/$assessmentId_.decision"],
    [/^\/app\/assessments\/[^/]+$/, "routes/app+/assessments+/$assessmentId._index"],
    [/^\/app\/decisions\/[^/]+$/, "routes/app+/decisions+/$decisionId"],
    [/^\/app\/conditions\/[^/]+$/, "routes/app+/conditions+/$conditionId"],
    [/^\/app\/attestations\/[^/]+$/, "routes/app+/attestations+/$id"],
    [/^\/app\/admin\/webhooks\/[^/]+$/, "routes/app+/admin+/webhooks_.$id"],
    [/^\/app\/admin\/users$/, "routes/app+/admin+/users"],
    [/^\/app\/admin\/api-keys$/, "routes/app+/admin+/api-keys"],
    [/^\/app\/admin\/webhooks$/, "routes/app+/admin+/webhooks"],
    [/^\/app\/admin\/policy$/, "routes/app+/admin+/policy"],
    [/^\/app\/admin\/signing-keys$/, "routes/app+/admin+/signing-keys"],
    [/^\/app\/reassessment$/, "routes/app+/reassessment+/index"],
    [/^\/app\/switch-institution$/, "routes/app+/switch-institution"],
  ];
  for (const [re, id] of table) if (re.test(p)) return id;
  throw new Error(`no route id for ${p}`);
}

export function futureDate(days = 20): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
