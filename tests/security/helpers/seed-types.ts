export type Sent = { clientId: string; assessmentId: string; token: string };
export type Seed = {
  password: string;
  institutions: { a: string; b: string };
  users: Record<"bAdmin" | "bRm" | "bApprover" | "bAuditor" | "bRmApprover" | "bLeaver" | "aAdmin" | "aRm", string>;
  userIds: { rmApprover: string; toDeactivate: string; auditorB: string };
  keys: { bRw: string; bRo: string; bRevoked: string; aRw: string; aKeys: string[]; aRo: string; bFuzzKeys: string[] };
  respondentsB: Record<"fuzz" | "upload" | "csrf" | "xss" | "role" | "tenant", Sent>;
  durability: Sent[];
  respondentA: Sent;
  proposed: Sent;
};
