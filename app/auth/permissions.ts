// Role-based permissions as typed `${Action}:${Entity}:${Access}` strings (STYLE.md §3).
// `any` means "anything in the caller's institution"; no permission ever crosses institutions.
export const ROLES = ["admin", "rm", "approver", "auditor"] as const;
export type Role = (typeof ROLES)[number];

type Action = "read" | "create" | "update" | "manage" | "propose" | "approve" | "revoke" | "review" | "export" | "send";
type Entity =
  | "user"
  | "audit"
  | "outbox"
  | "questionnaire"
  | "client"
  | "assessment"
  | "decision"
  | "attestation"
  | "policy"
  | "api-key"
  | "webhook"
  | "signing-key"
  | "institution"
  | "condition"
  | "observation"
  | "screening-list"
  | "screening-match";
export type Permission = `${Action}:${Entity}:${"any" | "own"}`;

const READ_ALL: Permission[] = [
  "read:questionnaire:any",
  "read:client:any",
  "read:assessment:any",
  "read:decision:any",
  "read:attestation:any",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    ...READ_ALL,
    "manage:user:any",
    "read:user:any",
    "read:audit:any",
    "export:audit:any",
    "read:outbox:any",
    "manage:policy:any",
    "manage:api-key:any",
    "manage:webhook:any",
    "manage:signing-key:any",
    "revoke:attestation:any",
    "update:institution:any",
    "export:client:any",
    "manage:screening-list:any",
  ],
  rm: [
    ...READ_ALL,
    "create:client:any",
    "update:client:any",
    "send:assessment:any",
    "review:assessment:any",
    "propose:decision:any",
    "read:outbox:any",
    "update:condition:any",
    "create:observation:any",
    "export:client:any",
    "review:screening-match:any",
  ],
  approver: [...READ_ALL, "approve:decision:any", "revoke:attestation:any", "export:client:any"],
  auditor: [...READ_ALL, "read:user:any", "read:audit:any", "export:audit:any", "read:outbox:any", "export:client:any"],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return permissionsOf(roles).has(permission);
}
