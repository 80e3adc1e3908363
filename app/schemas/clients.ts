// Boundary schemas for clients (issue 6 "Clients"), shared by the bank's forms and the API
// (POST /api/v1/clients). Messages are i18n keys: "form.*" from the shared catalogue, "clients.*"
// from app/i18n/clients.ts. Countries are ISO 3166-1 alpha-2, sectors ISIC Rev. 4 divisions from
// the risk data, goods from the risk data's goods list.
import { z } from "zod";
import { goodsList, isIsoCountry, sectors } from "~/domain/risk/inherent-risk";

const SECTOR_CODES = new Set(sectors().map((s) => s.code));
const GOODS = new Set(goodsList());

const country = z
  .string({ error: "form.required" })
  .trim()
  .toUpperCase()
  .refine((v) => isIsoCountry(v), { error: "clients.error.country" });

// No transforms here, so the same schemas generate the OpenAPI document; the service stores an
// empty optional text as null.
const optionalText = (max: number) => z.string().trim().max(max, { error: "clients.error.tooLong" }).optional();

const uniqueList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z
    .array(item)
    .max(300, { error: "clients.error.tooMany" })
    .default([])
    .refine((xs) => new Set(xs).size === xs.length, { error: `clients.error.duplicate${what}` });

export const CreateClientSchema = z.object({
  name: z.string({ error: "form.required" }).trim().min(1, { error: "form.required" }).max(200, { error: "clients.error.tooLong" }),
  country,
  sector: z
    .string({ error: "form.required" })
    .trim()
    .refine((v) => SECTOR_CODES.has(v), { error: "clients.error.sector" }),
  registrationNumber: optionalText(100),
  contactName: optionalText(200),
  contactEmail: z.string({ error: "form.required" }).trim().toLowerCase().pipe(z.email({ error: "form.invalidEmail" })),
  sourcingCountries: uniqueList(country, "Country"),
  goods: uniqueList(
    z.string().refine((v) => GOODS.has(v), { error: "clients.error.good" }),
    "Good",
  ),
  rmUserId: optionalText(100),
});
export type CreateClientInput = z.input<typeof CreateClientSchema>;
export type ClientInput = z.output<typeof CreateClientSchema>;

/** An update replaces the whole profile (the edit form always sends every field). */
export const UpdateClientSchema = CreateClientSchema;
export type UpdateClientInput = z.input<typeof UpdateClientSchema>;

export const ClientSearchSchema = z.object({
  q: z.string().trim().max(200).optional(),
});
