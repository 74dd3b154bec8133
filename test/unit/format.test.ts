import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BriefingError, ExitCode } from "../../src/errors.js";
import {
  capitalize,
  formatDate,
  formatMembers,
  formatNumber,
  formatPeople,
  formatPercent,
  formatPercentWords,
  formatPoints,
  interpolate,
  plural,
} from "../../src/locale/format.js";
import {
  availableLanguages,
  cldrPercent,
  type Locale,
  loadLocale,
} from "../../src/locale/locale.js";
import { resolveText, textFor } from "../../src/locale/text.js";
import { DEFAULT_TEMPLATES } from "../../src/render/templates.js";
import { removeTempDirs, tempDir } from "../support/files.js";

const NBSP = "\u00a0";

afterAll(removeTempDirs);

let id: Locale;
let en: Locale;
beforeAll(async () => {
  id = await loadLocale([DEFAULT_TEMPLATES], "id");
  en = await loadLocale([DEFAULT_TEMPLATES], "en");
});

describe("locale files", () => {
  it("load for id and en from the default templates", () => {
    expect(id.lang).toBe("id");
    expect(id.intl).toBe("id-ID");
    expect(en.lang).toBe("en");
    expect(en.intl).toBe("en-GB");
    expect(availableLanguages([DEFAULT_TEMPLATES])).toEqual(["en", "id"]);
  });

  it("refuse a language no template set has, naming the ones there are", async () => {
    const error = await loadLocale([DEFAULT_TEMPLATES], "fr").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BriefingError);
    if (!(error instanceof BriefingError)) return;
    expect(error.code).toBe(ExitCode.USAGE);
    expect(error.message).toBe('no locale for language "fr"');
    expect(error.hint).toContain("en, id");
  });
});

describe("formatNumber", () => {
  it("groups thousands with a dot in id and a comma in en", () => {
    expect(formatNumber(id, 7952597)).toBe("7.952.597");
    expect(formatNumber(en, 7952597)).toBe("7,952,597");
  });

  it("writes decimals with a comma in id and a point in en", () => {
    expect(formatNumber(id, 1234.5, 2)).toBe("1.234,50");
    expect(formatNumber(en, 1234.5, 2)).toBe("1,234.50");
  });

  it("rounds halves away from zero, not to even: 26.35 → 26.4, 0.05 → 0.1, 2.5 → 3", () => {
    expect(formatNumber(id, 26.35, 1)).toBe("26,4");
    expect(formatNumber(en, 26.35, 1)).toBe("26.4");
    expect(formatNumber(en, 0.05, 1)).toBe("0.1");
    expect(formatNumber(en, 2.5)).toBe("3");
  });
});

describe("formatPercent", () => {
  it("writes 36.6707 as 36,7% in id (PUEBI, CLDR id: no space) and 36.7% in en", () => {
    expect(formatPercent(id, 36.6707)).toBe(`36,7%`);
    expect(formatPercent(en, 36.6707)).toBe("36.7%");
  });

  it("drops trailing zeros when asked to trim: a 63% target, not 63,0%", () => {
    expect(formatPercent(id, 63, 1, true)).toBe(`63%`);
    expect(formatPercent(en, 63, 1, true)).toBe("63%");
    expect(formatPercent(id, 63, 1)).toBe(`63,0%`);
    expect(formatPercent(id, 63.5, 1, true)).toBe(`63,5%`);
  });

  it("rounds 26.35% to 26,4% and 0.05% to 0,1%", () => {
    expect(formatPercent(id, 26.35)).toBe(`26,4%`);
    expect(formatPercent(id, 0.05)).toBe(`0,1%`);
    expect(formatPercent(en, 0.05)).toBe("0.1%");
  });

  it("follows the briefing's decimals", () => {
    expect(formatPercent(id, 36.6707, 0)).toBe(`37%`);
    expect(formatPercent(en, 36.6707, 3)).toBe("36.671%");
  });
});

describe("the percent pattern", () => {
  it("is CLDR's, as Intl writes it: no space in id and en, a no-break space in de and fr", () => {
    expect(cldrPercent("id-ID")).toBe("{value}%");
    expect(cldrPercent("en-GB")).toBe("{value}%");
    expect(cldrPercent("de-DE")).toBe(`{value}${NBSP}%`);
    expect(cldrPercent("fr-FR")).toBe(`{value}${NBSP}%`);
    // Whatever the pattern, Intl's own percent and ours agree.
    for (const intl of ["id-ID", "en-GB", "de-DE", "fr-FR", "tr-TR"]) {
      const intlPercent = new Intl.NumberFormat(intl, {
        style: "percent",
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(0.366707);
      const number = new Intl.NumberFormat(intl, {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(36.6707);
      expect(cldrPercent(intl).replace("{value}", number), intl).toBe(intlPercent);
    }
  });

  it("is the default locales', which do not write one of their own", () => {
    expect(id.formats.percent).toBe("{value}%");
    expect(en.formats.percent).toBe("{value}%");
    expect(id.unfilled.formats.percent).toBe("{value}%");
  });

  it("is a template set's own when its locale says so", async () => {
    const dir = tempDir("briefing-percent-");
    mkdirSync(path.join(dir, "locales"), { recursive: true });
    writeFileSync(path.join(dir, "locales", "id.yaml"), 'formats:\n  percent: "{value} persen"\n');
    const own = await loadLocale([DEFAULT_TEMPLATES, dir], "id");
    expect(formatPercent(own, 36.6707)).toBe("36,7 persen");
  });

  it("is followed by every percentage the locale files write as text (100%)", () => {
    for (const locale of [id, en]) {
      const written = JSON.stringify(locale.unfilled).match(/\d[\d.,]*(\s|\\u00a0)?%/gi) ?? [];
      expect(written.length, locale.lang).toBeGreaterThan(0);
      for (const text of written) {
        const number = /^[\d.,]+/.exec(text)?.[0] ?? "";
        expect(text, locale.lang).toBe(locale.formats.percent.replace("{value}", number));
      }
    }
  });
});

describe("formatPercentWords", () => {
  it("writes percentages in running text as words", () => {
    expect(formatPercentWords(id, 36.6707)).toBe("36,7 persen");
    expect(formatPercentWords(en, 36.6707)).toBe("36.7 per cent");
    expect(formatPercentWords(id, 63, 1, true)).toBe("63 persen");
  });
});

describe("formatPoints", () => {
  it("writes 26.33 percentage points as 26,3 poin (id) and 26.3 percentage points (en)", () => {
    expect(formatPoints(id, 26.33)).toBe("26,3 poin");
    expect(formatPoints(en, 26.33)).toBe("26.3 percentage points");
  });

  it("uses the singular for exactly one point written without decimals", () => {
    expect(formatPoints(en, 1, 0)).toBe("1 percentage point");
    expect(formatPoints(en, 2, 0)).toBe("2 percentage points");
    expect(formatPoints(id, 1, 0)).toBe("1 poin");
  });

  it("picks the plural from the rounded value: 26.35 → 26.4 points", () => {
    expect(formatPoints(en, 26.35)).toBe("26.4 percentage points");
    expect(formatPoints(en, 0.96, 0)).toBe("1 percentage point");
  });

  it("writes 1 point with one decimal as 1.0 points, as English does", () => {
    expect(formatPoints(en, 1)).toBe("1.0 percentage points");
  });
});

describe("plural, formatPeople and formatMembers", () => {
  it("say 1 person and 4 people in en", () => {
    expect(formatPeople(en, 1)).toBe("1 person");
    expect(formatPeople(en, 4)).toBe("4 people");
    expect(formatPeople(en, 0)).toBe("0 people");
    expect(formatPeople(en, 1000)).toBe("1,000 people");
  });

  it("say orang whatever the number in id, which does not inflect", () => {
    expect(formatPeople(id, 4)).toBe("4 orang");
    expect(formatPeople(id, 1)).toBe("1 orang");
    expect(formatPeople(id, 2916275)).toBe("2.916.275 orang");
  });

  it("say member and members in en, peserta in id", () => {
    expect(formatMembers(en, 1)).toBe("1 member");
    expect(formatMembers(en, 7952597)).toBe("7,952,597 members");
    expect(formatMembers(id, 7952597)).toBe("7.952.597 peserta");
  });

  it("fill the form with the text given, whatever the count", () => {
    expect(plural(en, en.formats.people, 1, "one")).toBe("one person");
    expect(plural(en, { other: "{value} things" }, 1, "1")).toBe("1 things");
  });
});

describe("formatDate", () => {
  it("writes the meeting date in full with the weekday", () => {
    expect(formatDate(id, "2020-11-16", "full")).toBe("Senin, 16 November 2020");
    expect(formatDate(en, "2020-11-16", "full")).toBe("Monday, 16 November 2020");
  });

  it("writes a day in the long style by default", () => {
    expect(formatDate(id, "2018-10-31")).toBe("31 Oktober 2018");
    expect(formatDate(en, "2018-10-31")).toBe("31 October 2018");
  });

  it("writes a month as a month, whatever the style asked for", () => {
    expect(formatDate(id, "2020-10")).toBe("Oktober 2020");
    expect(formatDate(en, "2020-10")).toBe("October 2020");
    expect(formatDate(id, "2020-10", "full")).toBe("Oktober 2020");
    expect(formatDate(en, "2020-11-16", "month")).toBe("November 2020");
  });

  it("does not shift the day with the time zone: 1 January stays 1 January", () => {
    expect(formatDate(en, "2021-01-01")).toBe("1 January 2021");
  });
});

describe("interpolate", () => {
  it("fills {name} placeholders", () => {
    expect(interpolate("Target {unit}: {value}", { unit: "Sumatera Selatan", value: `63%` })).toBe(
      `Target Sumatera Selatan: 63%`,
    );
  });

  it("fills a placeholder used twice, and leaves an unknown one as written", () => {
    expect(interpolate("{a} and {a}, {b}", { a: "x" })).toBe("x and x, {b}");
  });
});

describe("capitalize", () => {
  it("upper-cases the first letter only", () => {
    expect(capitalize("provinsi")).toBe("Provinsi");
    expect(capitalize("coverage share")).toBe("Coverage share");
    expect(capitalize("")).toBe("");
  });
});

describe("resolveText and textFor", () => {
  const title = { id: "Audiensi", en: "Audience" };

  it("pick the output language, then the briefing's language, then the first text", () => {
    expect(resolveText(title, "en", "id")).toBe("Audience");
    expect(resolveText(title, "fr", "id")).toBe("Audiensi");
    expect(resolveText({ en: "Audience" }, "fr", "id")).toBe("Audience");
    expect(resolveText("Palembang", "en", "id")).toBe("Palembang");
  });

  it("textFor gives only a text written for that language", () => {
    expect(textFor({ en: "provinces" }, "id")).toBeUndefined();
    expect(textFor({ en: "provinces" }, "en")).toBe("provinces");
    expect(textFor("provinsi", "en")).toBe("provinsi");
    expect(textFor(undefined, "en")).toBeUndefined();
  });
});
