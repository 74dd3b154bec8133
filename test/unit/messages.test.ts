/**
 * briefing's own messages in Indonesian and English: every message of the source has its
 * Indonesian translation and the catalogue holds nothing else; the language comes from
 * `--lang`, else the locale, else Indonesian.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  catalogueFile,
  environmentLanguage,
  messageLanguage,
  setMessageLanguage,
  t,
} from "../../src/locale/messages.js";
import { errorsMadeAtLoad, placeholders, sourceMessages } from "../support/messages.js";

const indonesian = parse(readFileSync(catalogueFile("id"), "utf8")) as Record<string, unknown>;

describe("the Indonesian catalogue (messages/id.yaml)", () => {
  const keys = sourceMessages();

  it("finds the messages of the source (the scan itself works)", () => {
    expect(keys.size).toBeGreaterThan(50);
    expect(keys.get("expected {0}")).toEqual([expect.stringMatching(/^src\/errors\.ts:\d+$/)]);
  });

  it("translates every t`…` message of src/", () => {
    const missing = [...keys]
      .filter(([key]) => typeof indonesian[key] !== "string" || indonesian[key] === "")
      .map(([key, where]) => `${where[0]}: ${key}`);
    expect(missing).toEqual([]);
  });

  it("holds no message the source no longer has", () => {
    const stale = Object.keys(indonesian).filter((key) => !keys.has(key));
    expect(stale).toEqual([]);
  });

  it("keeps each message's placeholders, in any order", () => {
    const wrong = Object.entries(indonesian)
      .filter(([key, value]) => placeholders(String(value)).join() !== placeholders(key).join())
      .map(([key, value]) => `${key} → ${String(value)}`);
    expect(wrong).toEqual([]);
  });
});

describe("messages made when they are shown", () => {
  it("gives zod its error messages as functions, not as text made when the module loads", () => {
    expect(errorsMadeAtLoad()).toEqual([]);
  });
});

describe("t`…`", () => {
  afterEach(() => setMessageLanguage(environmentLanguage()));

  it("is the English text in English", () => {
    setMessageLanguage("en");
    const max = 120;
    expect(t`a text of at most ${max} characters`).toBe("a text of at most 120 characters");
  });

  it("is the catalogue's text in Indonesian, with the values in their places", () => {
    setMessageLanguage("id");
    const found = "x";
    expect(t`found ${found}`).toBe("ditemukan x");
    // The catalogue reorders: "diharapkan {1}, diberikan {2}".
    expect(t`too many arguments: ${1} expected, ${3} given`).toBe(
      "terlalu banyak argumen: diharapkan 1, diberikan 3",
    );
  });

  it("falls back to English for a message the catalogue lacks", () => {
    setMessageLanguage("id");
    expect(t`a message nobody translated: ${7}`).toBe("a message nobody translated: 7");
  });

  it("reads English in a language without a catalogue", () => {
    setMessageLanguage("fr");
    expect(messageLanguage()).toBe("en");
    expect(t`found ${"x"}`).toBe("found x");
  });

  it("does not read a value's own braces as placeholders", () => {
    setMessageLanguage("id");
    expect(t`found ${"{1}"}`).toBe("ditemukan {1}");
  });
});

describe("the language of the environment", () => {
  it.each([
    [{ LANG: "id_ID.UTF-8" }, "id"],
    [{ LANG: "en_US.UTF-8" }, "en"],
    [{ LANG: "en_GB" }, "en"],
    [{ LANG: "en_US.UTF-8", LC_MESSAGES: "id_ID.UTF-8" }, "id"],
    [{ LANG: "id_ID.UTF-8", LC_MESSAGES: "en_US.UTF-8", LC_ALL: "" }, "en"],
    [{ LANG: "id_ID.UTF-8", LC_ALL: "en_US.UTF-8" }, "en"],
    [{ LANG: "C" }, "id"],
    [{ LANG: "C.UTF-8" }, "id"],
    [{ LC_ALL: "C" }, "id"],
    [{ LC_ALL: "POSIX", LANG: "en_US.UTF-8" }, "en"],
    [{}, "id"],
    [{ LANG: "fr_FR.UTF-8" }, "fr"],
  ])("%j → %s", (env, lang) => {
    expect(environmentLanguage(env)).toBe(lang);
  });
});
