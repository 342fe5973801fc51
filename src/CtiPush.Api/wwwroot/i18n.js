// The page's words, dates and numbers. Every visible string is a key in i18n/en.json and i18n/de.json (one flat
// object per language; a value is a string with {name} placeholders, or {"one","other"} for a count). Markup names
// its keys in data-i18n (text), data-i18n-placeholder, data-i18n-label (aria-label) and data-i18n-title; code asks
// t(key, params), or setText(), which also remembers the key so a change of language re-translates the element.
// Dates and times go through Intl in the chosen locale and the session's time zone (IANA), numbers in the locale.
import { api } from "./api.js";

export const languages = ["en", "de"];

const changes = new EventTarget();
const loaded = new Map(); // language → its messages, each file fetched once

let messages = {}; // the chosen language
let english = {}; // for a key the chosen language lacks
let language = "en";
let locale = "en";
let timeZone; // undefined: the browser's
let plurals = new Intl.PluralRules("en");

/** The first of the browser's languages (navigator.languages) that the page speaks, else English. */
export function browserLanguage() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = String(tag).toLowerCase().split("-")[0];
    if (languages.includes(primary)) return primary;
  }
  return "en";
}

/** The browser's own tag for that language ("de-AT" for de), so dates follow the region too; else the language. */
function localeOf(wanted) {
  return (navigator.languages ?? []).find((tag) => String(tag).toLowerCase().split("-")[0] === wanted) ?? wanted;
}

async function load(wanted) {
  if (!loaded.has(wanted)) loaded.set(wanted, await api(`/i18n/${wanted}.json`));
  return loaded.get(wanted);
}

/** Switches the page to language (en or de) and zone (IANA; null: the browser's), re-translating what is shown. */
export async function use(wanted, zone = null) {
  const chosen = languages.includes(wanted) ? wanted : "en";
  english = await load("en");
  messages = chosen === "en" ? english : await load(chosen);
  language = chosen;
  locale = localeOf(chosen);
  plurals = new Intl.PluralRules(locale);
  timeZone = knownZone(zone);
  document.documentElement.lang = chosen;
  document.title = t("app.title");
  translate(document);
  document.querySelectorAll("template").forEach((template) => translate(template.content));
  changes.dispatchEvent(new Event("change"));
}

export const currentLanguage = () => language;

/** Calls listener after each switch of language, once the markup is translated: views re-render their rows. */
export const onLanguageChange = (listener) => changes.addEventListener("change", listener);

function knownZone(zone) {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return undefined; // a zone this browser does not know: its own
  }
}

/** The message for key with {name} placeholders filled in; numbers are formatted for the locale. */
export function t(key, params = {}) {
  let message = messages[key] ?? english[key];
  if (message == null) {
    console.warn(`i18n: no message for ${key}`);
    return key;
  }
  if (typeof message === "object") message = message[plurals.select(params.count ?? 0)] ?? message.other;
  return message.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? format(params[name]) : whole));
}

const format = (value) => (typeof value === "number" ? number(value) : String(value ?? ""));

const attributes = [["i18nPlaceholder", "placeholder"], ["i18nLabel", "aria-label"], ["i18nTitle", "title"]];

/** Translates every element under root that names a key: its text, and its placeholder, aria-label and title. */
export function translate(root) {
  root.querySelectorAll("[data-i18n]").forEach((element) => {
    element.textContent = t(element.dataset.i18n, element.dataset.i18nParams ? JSON.parse(element.dataset.i18nParams) : {});
  });
  for (const [data, attribute] of attributes) {
    const name = data.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
    root.querySelectorAll(`[data-${name}]`).forEach((element) => element.setAttribute(attribute, t(element.dataset[data])));
  }
}

/** Sets element's text to the message for key, and remembers key and params for the next change of language. */
export function setText(element, key, params) {
  element.dataset.i18n = key;
  if (params) element.dataset.i18nParams = JSON.stringify(params);
  else delete element.dataset.i18nParams;
  element.textContent = t(key, params);
}

/** Sets element's text to text as it is (a server's message, a name): no key, nothing to re-translate. */
export function setPlain(element, text) {
  delete element.dataset.i18n;
  delete element.dataset.i18nParams;
  element.textContent = text ?? "";
}

export const number = (value) => new Intl.NumberFormat(locale).format(value);

/** Date and time of an instant (ISO text or Date), to the second, in the session's time zone. */
export const dateTime = (instant) => new Intl.DateTimeFormat(locale, {
  timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
}).format(new Date(instant));

const units = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];

/**
 * How long ago an instant (ISO text or Date) was, in words of the locale ("5 minutes ago", "vor 5 Minuten"), in the
 * largest whole unit up to days; a time ahead of this browser's clock (a clock a little off) counts as now.
 */
export function ago(instant, now = Date.now()) {
  const seconds = Math.max(0, Math.floor((now - new Date(instant).getTime()) / 1000));
  const [unit, size] = units.find(([, size]) => seconds >= size) ?? units[units.length - 1];
  return new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(-Math.floor(seconds / size), unit);
}

/** An instant (ISO text or Date) in the session's time zone with Intl's options: only the parts a chart's axis needs. */
export const dateParts = (instant, options) => new Intl.DateTimeFormat(locale, { timeZone, ...options }).format(new Date(instant));

/** The calendar day "yyyy-mm-dd" of an instant in the session's time zone, as dayStart takes it. */
export const isoDay = (instant) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
  .format(new Date(instant));

/** The calendar day of an instant in the session's time zone. */
export const date = (instant) => new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
  .format(new Date(instant));

/**
 * The instant the day "yyyy-mm-dd" (an <input type=date>) begins in the session's time zone, or the day days
 * later: filters and expiry dates mean days where the times on the page are shown, not where the browser is.
 */
export function dayStart(day, days = 0) {
  const [y, m, d] = day.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d + days); // that midnight as if the zone were UTC
  const first = wall - offset(wall);
  return new Date(wall - offset(first)); // again from the first guess: the offset may change that day
}

/** How far the session's time zone is ahead of UTC at instant, in milliseconds. */
function offset(instant) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
  }).formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(instant / 1000) * 1000;
}

// A person may pick the page's language in their settings. Only an admin can change an account (People view), so
// the pick is kept in this browser (localStorage), per user name, and wins over the account's language.
const storageKey = (who) => `ctipush.language.${who.userName ?? "admin-key"}`;
const unstored = new Map(); // picks while storage is off: they last as long as the page

/** The language picked in this browser for who (a session answer), or null. */
export function pickedFor(who) {
  try {
    const picked = localStorage.getItem(storageKey(who));
    return languages.includes(picked) ? picked : null;
  } catch {
    return unstored.get(storageKey(who)) ?? null;
  }
}

/** Keeps the pick for who in this browser; null forgets it (the account's language, else the browser's). */
export function pick(who, wanted) {
  try {
    if (wanted) localStorage.setItem(storageKey(who), wanted);
    else localStorage.removeItem(storageKey(who));
  } catch {
    if (wanted) unstored.set(storageKey(who), wanted);
    else unstored.delete(storageKey(who));
  }
}

/** The page's language for who: picked in this browser, else the account's, else the browser's, else English. */
export const languageFor = (who) => pickedFor(who) ?? (languages.includes(who.language) ? who.language : null) ?? browserLanguage();
