// Institution policy: residual risk → recommendation and re-assessment validity.
// Sources: shared/docs/QUESTIONNAIRES.md step 8 (default mapping low → approve, medium →
// approve-with-conditions, high → enhanced-due-diligence, critical → decline) and
// DOMAIN-RESEARCH.md §5.6 (re-assessment cycle: low 24 months, medium 12, high 12, no approval
// after a critical flag; optional "recruitment or working-conditions section below 40 raises one
// level" rule, here the `sectionFloorRaise` switch, off by default).
// The policy in force is stamped into every scoring result, so a decision can be justified later
// with the exact mapping that produced it.
import { z } from "zod";

export const RESIDUAL_LEVELS = ["low", "medium", "high", "critical"] as const;
export type ResidualLevel = (typeof RESIDUAL_LEVELS)[number];

export const RecommendationSchema = z.enum(["approve", "approve-with-conditions", "enhanced-due-diligence", "decline"]);
export type Recommendation = z.infer<typeof RecommendationSchema>;

const months = z.number().int().min(0).max(120);

export const PolicySchema = z.strictObject({
  version: z.string().min(1).max(100),
  recommendation: z.strictObject({
    low: RecommendationSchema,
    medium: RecommendationSchema,
    high: RecommendationSchema,
    critical: RecommendationSchema,
  }),
  validityMonths: z.strictObject({ low: months, medium: months, high: months, critical: months }),
  sectionFloorRaise: z.boolean().optional(),
  /**
   * Engine 2 (O11): when sourcing is high risk, a `risk` or `supply` section below 60 raises one
   * level. Absent means on: engine 2 stamps `true` into its results; engine 1 ignores it.
   */
  supplyFloorRaise: z.boolean().optional(),
});
export type Policy = z.infer<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = {
  version: "default-1",
  recommendation: {
    low: "approve",
    medium: "approve-with-conditions",
    high: "enhanced-due-diligence",
    critical: "decline",
  },
  validityMonths: { low: 24, medium: 12, high: 12, critical: 0 },
  sectionFloorRaise: false,
};

export type PolicyOverrideResult = { ok: true; policy: Policy } | { ok: false; error: string };

/** Only the top-level blocks an institution may override; each may be partial. */
const PolicyOverrideSchema = z.strictObject({
  version: PolicySchema.shape.version.optional(),
  recommendation: PolicySchema.shape.recommendation.partial().optional(),
  validityMonths: PolicySchema.shape.validityMonths.partial().optional(),
  sectionFloorRaise: z.boolean().optional(),
  supplyFloorRaise: z.boolean().optional(),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const where = path === "" ? "" : `${path}.`;
    return `unknown policy field ${issue.keys.map((k) => `"${where}${k}"`).join(", ")}`;
  }
  return `policy field "${path === "" ? "(root)" : path}": ${issue.message}`;
}

/**
 * Merge an institution's override (parsed JSON, or a JSON string) over DEFAULT_POLICY. The error
 * names the first offending field, e.g. `policy field "recommendation.high": Invalid option …`.
 */
export function parsePolicyOverride(json: unknown): PolicyOverrideResult {
  let raw = json;
  if (typeof json === "string") {
    try {
      raw = JSON.parse(json);
    } catch {
      return { ok: false, error: "policy override is not valid JSON" };
    }
  }
  if (raw === null || raw === undefined) return { ok: true, policy: DEFAULT_POLICY };
  const parsed = PolicyOverrideSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, error: first === undefined ? "policy override is invalid" : describeIssue(first) };
  }
  const o = parsed.data;
  const merged: Policy = {
    version: o.version ?? DEFAULT_POLICY.version,
    recommendation: { ...DEFAULT_POLICY.recommendation, ...o.recommendation },
    validityMonths: { ...DEFAULT_POLICY.validityMonths, ...o.validityMonths },
    sectionFloorRaise: o.sectionFloorRaise ?? DEFAULT_POLICY.sectionFloorRaise,
    ...(o.supplyFloorRaise === undefined ? {} : { supplyFloorRaise: o.supplyFloorRaise }),
  };
  const checked = PolicySchema.safeParse(merged);
  if (!checked.success) {
    const first = checked.error.issues[0];
    return { ok: false, error: first === undefined ? "policy is invalid" : describeIssue(first) };
  }
  // A critical residual means a critical red flag or a matrix cell at the top; approving it would
  // contradict QUESTIONNAIRES.md's invariant, so no institution may map it to an approval.
  if (checked.data.recommendation.critical === "approve" || checked.data.recommendation.critical === "approve-with-conditions") {
    return { ok: false, error: 'policy field "recommendation.critical": a critical residual risk may not be approved' };
  }
  return { ok: true, policy: checked.data };
}
