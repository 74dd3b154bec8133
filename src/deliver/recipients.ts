/**
 * `data/recipients.yaml`: who receives which briefings, in which language. Validated with
 * the same located errors as the briefings themselves.
 *
 *   recipients:
 *     - name: Herman Deru
 *       title: Gubernur Sumatera Selatan
 *       email: gubernur@example.go.id
 *       cc: [ajudan@example.go.id]        # optional
 *       language: id                      # the email's language; id by default
 *       series: [sumbagsel]               # the series whose briefings they receive
 *       units: [sumsel]                   # optional: only briefings whose focus is one of these
 */
import { z } from "zod";
import { invalidInput } from "../errors.js";
import { validate } from "../load/load.js";
import { CONTROL, LanguageTag, PlainText } from "../load/schema.js";
import { readYamlFile } from "../load/yaml.js";
import { t } from "../locale/messages.js";

/** An address as mail servers accept it: no spaces, one @, a dot in the domain. */
const Email = z
  .string()
  .trim()
  .refine((text) => !CONTROL.test(text), {
    // a@b.c\0x was delivered to a@b.cx.
    error: () => t`an email address without control characters`,
  })
  .regex(/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/, {
    error: () => t`an email address such as name@example.go.id`,
  });

/** A name or title that goes into a header: one line, no controls. */
const HeaderText = PlainText.trim()
  .min(1, { error: () => t`a non-empty text` })
  .refine((text) => !/[\r\n]/.test(text), { error: () => t`one line of text (no line breaks)` });

export const RecipientSchema = z.strictObject({
  name: HeaderText,
  title: HeaderText.optional(),
  email: Email,
  cc: z.array(Email).default([]),
  language: LanguageTag.default("id"),
  /** Series folder names (as in data/<series>/), or "*" for every series. */
  series: z.array(z.string().min(1)).min(1, { error: () => t`at least one series, or *` }),
  /** Unit ids: only briefings whose focus unit is one of these. Every briefing when absent. */
  units: z.array(z.string().min(1)).optional(),
});

export const RecipientsFile = z.strictObject({
  recipients: z.array(RecipientSchema).min(1, { error: () => t`at least one recipient` }),
});

export type Recipient = z.infer<typeof RecipientSchema>;

export async function loadRecipients(file: string): Promise<Recipient[]> {
  const source = await readYamlFile(file);
  const { recipients } = validate(source, RecipientsFile);
  const seen = new Map<string, number>();
  recipients.forEach((recipient, i) => {
    const key = recipient.email.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw invalidInput([
        {
          severity: "error",
          file,
          path: `recipients[${i}].email`,
          ...source.locate(["recipients", i, "email"]),
          message: t`${recipient.email} is listed twice`,
          hint: t`also at recipients[${first}]; list each person once, with all their series`,
        },
      ]);
    }
    seen.set(key, i);
  });
  return recipients;
}
