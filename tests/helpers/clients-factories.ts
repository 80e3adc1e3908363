// Factories for the clients/assessments tests: a bank with an RM, clients and sent assessments,
// written through the services so every row, audit event and gate change is the real one.
import type { CreateClientInput } from "~/schemas/clients";
import type { SendAssessmentInput } from "~/schemas/assessments";
import { createClient } from "~/services/clients.server";
import { sendAssessment } from "~/services/assessments.server";
import { cookieFor, createInstitution, createUser } from "./factories";

export async function bankWithRm(name = "Banco Uno") {
  const institutionId = await createInstitution(name);
  const rm = await createUser(institutionId, ["rm"], { name: "Rita Manager" });
  const cookie = await cookieFor(rm);
  return { institutionId, rm, cookie, actor: { institutionId, userId: rm.id } };
}

export const CLIENT_INPUT: CreateClientInput = {
  name: "Textiles Andinos S.A.",
  country: "PE",
  sector: "14",
  registrationNumber: "RUC 20123456789",
  contactName: "Ana Quispe",
  contactEmail: "ana.quispe@textiles.example",
  sourcingCountries: ["CN", "BD"],
  goods: ["cotton", "garments"],
};

export async function makeClient(actor: { institutionId: string; userId: string }, overrides: Partial<CreateClientInput> = {}, now = new Date()) {
  return (await createClient(actor, { ...CLIENT_INPUT, ...overrides }, now)).client;
}

export function isoDate(date: Date, plusDays = 0): string {
  return new Date(date.getTime() + plusDays * 24 * 3600_000).toISOString().slice(0, 10);
}

export async function send(actor: { institutionId: string; userId: string }, clientId: string, overrides: Partial<SendAssessmentInput> = {}, now = new Date()) {
  return await sendAssessment(actor, clientId, { questionnaire: { key: "anti-trafficking", version: 1 }, dueDate: isoDate(now, 30), language: "en", ...overrides }, now);
}

export function tokenOf(respondUrl: string): string {
  const token = respondUrl.split("/r/")[1];
  if (!token) throw new Error(`not a respond URL: ${respondUrl}`);
  return token;
}
