// What git itself says, independently of Vigie: contributor counts computed
// from ../shared/data/lutece-commits.csv.gz (git's own output for the same
// repositories), with the definitions of DESIGN.md:
// - a contributor is a person of ingest/tests/data/lutece-people.toml (who is
//   who, decided by hand), else an e-mail address, compared case-insensitively,
//   or a GitHub login (a `[ID+]login@users.noreply.github.com` address is the login's);
// - commit authors and Co-authored-by co-authors contribute;
// - bots (the hand-decided ones, `[bot]` accounts, the usual dependency bots) are left out;
// - months are calendar months in UTC of the author date;
// - "new" means the first contribution in the scope (the repository, or all).
// The commits counted are those of the git-log files Vigie ingested (their
// `commit <sha>` lines): git's table also lists a few commits of refs that
// the logs' snapshot did not have.
import { readFileSync, readdirSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { parse } from "csv-parse/sync";

const DATA = path.resolve(__dirname, "../../../shared/data");

type Row = {
  repo: string;
  sha: string;
  author_name: string;
  author_email: string;
  author_date: string;
  scope: string;
  co_authors: string;
};

/** `repo sha` of every commit in the git-log files. */
function loggedCommits(): Set<string> {
  const dir = path.join(DATA, "lutece-gitlog");
  const logged = new Set<string>();
  for (const file of readdirSync(dir)) {
    const repo = file.replace(/\.gitlog\.txt(\.gz)?$/, "").replace("+", "/");
    const text = gunzipSync(readFileSync(path.join(dir, file))).toString("latin1");
    for (const m of text.matchAll(/^commit ([0-9a-f]{40})/gm)) logged.add(`${repo} ${m[1]}`);
  }
  return logged;
}

let rows: Row[] | undefined;
function commits(): Row[] {
  if (!rows) {
    const logged = loggedCommits();
    const text = gunzipSync(readFileSync(path.join(DATA, "lutece-commits.csv.gz")));
    rows = (parse(text, { columns: true }) as Row[]).filter((r) => logged.has(`${r.repo} ${r.sha}`));
  }
  return rows;
}

const BOTS = ["dependabot", "dependabot-preview", "renovate", "renovate-bot", "github-actions",
  "snyk-bot", "greenkeeper", "pre-commit-ci"];

/**
 * Who is who, decided by hand (ingest/tests/data/lutece-people.toml): each
 * `[[person]]`'s addresses are one person, `[[bot]]`'s are bots. The
 * end-to-end server applies the administrator's decisions of
 * end2end/identities.e2e.toml, which settle what the rules leave to a person.
 */
function handTruth(): { personOf: Map<string, string>; bots: Set<string> } {
  const file = path.resolve(__dirname, "../../ingest/tests/data/lutece-people.toml");
  const personOf = new Map<string, string>();
  const bots = new Set<string>();
  let table = "";
  let n = 0;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const header = line.match(/^\[\[(\w+)\]\]/);
    if (header) {
      table = header[1];
      n += 1;
      continue;
    }
    const list = line.match(/^emails = \[(.*)\]/);
    if (!list) continue;
    for (const m of list[1].matchAll(/"([^"]*)"/g)) {
      if (table === "person") personOf.set(m[1], `person:${n}`);
      if (table === "bot") bots.add(m[1]);
    }
  }
  return { personOf, bots };
}
const HAND = handTruth();

function isBot(name: string, email: string): boolean {
  const n = name.toLowerCase();
  const e = email.trim().toLowerCase();
  if (HAND.bots.has(e)) return true;
  if (n.endsWith("[bot]") || e.includes("[bot]")) return true;
  const local = e.split("@")[0];
  return BOTS.some((b) => n === b || local === b || e.endsWith(`@${b}.com`));
}

function people(r: Row): { name: string; email: string }[] {
  const list = [{ name: r.author_name, email: r.author_email }];
  for (const co of r.co_authors.split(";").filter((s) => s.trim())) {
    const m = co.match(/^(.*)<([^>]*)>\s*$/);
    if (m) list.push({ name: m[1].trim(), email: m[2].trim() });
  }
  return list;
}

function personKey(name: string, email: string): string {
  const e = email.trim().toLowerCase();
  const decided = HAND.personOf.get(e);
  if (decided) return decided;
  const noreply = e.match(/^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/);
  if (noreply) return `github:${noreply[1]}`;
  return e ? `email:${e}` : `name:${name}`;
}

function monthOf(isoDate: string): string {
  return new Date(isoDate).toISOString().slice(0, 7);
}

export type Expected = {
  months: Map<string, { active: number; new: number }>;
  activeInWindow: number;
  newInWindow: number;
  /** Smallest k whose k largest contribution counts reach half of the window's contributions. */
  busFactor: number | undefined;
};

/** Expected figures for a repository, several (a group), or all (undefined), and a window of months. */
export function expected(repo: string | string[] | undefined, from: string, to: string): Expected {
  const scope = repo === undefined ? undefined : new Set(Array.isArray(repo) ? repo : [repo]);
  const firstMonth = new Map<string, string>();
  const activeByMonth = new Map<string, Set<string>>();
  const contributions = new Map<string, number>();
  for (const r of commits()) {
    if (scope && !scope.has(r.repo)) continue;
    const month = monthOf(r.author_date);
    for (const p of people(r)) {
      if (isBot(p.name, p.email)) continue;
      const key = personKey(p.name, p.email);
      const first = firstMonth.get(key);
      if (!first || month < first) firstMonth.set(key, month);
      if (!activeByMonth.has(month)) activeByMonth.set(month, new Set());
      activeByMonth.get(month)!.add(key);
      if (month >= from && month <= to) contributions.set(key, (contributions.get(key) ?? 0) + 1);
    }
  }
  const months = new Map<string, { active: number; new: number }>();
  const inWindow = new Set<string>();
  for (const [month, who] of activeByMonth) {
    if (month < from || month > to) continue;
    who.forEach((k) => inWindow.add(k));
    months.set(month, { active: who.size, new: 0 });
  }
  let newInWindow = 0;
  for (const month of firstMonth.values()) {
    if (month < from || month > to) continue;
    newInWindow += 1;
    months.get(month)!.new += 1;
  }
  const counts = [...contributions.values()].sort((a, b) => b - a);
  const total = counts.reduce((a, b) => a + b, 0);
  let running = 0;
  let busFactor: number | undefined;
  for (let i = 0; i < counts.length && busFactor === undefined; i++) {
    running += counts[i];
    if (2 * running >= total) busFactor = i + 1;
  }
  return { months, activeInWindow: inWindow.size, newInWindow, busFactor };
}

export type Person = {
  key: string;
  contributions: number;
  first: Date;
  last: Date;
  status: "new" | "active" | "drifting" | "away";
  inactive: boolean;
};

/** `date` minus `months` calendar months, the day clamped to the month's length (as chrono does). */
function monthsBefore(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() - months;
  const target = new Date(Date.UTC(y, m, 1));
  const days = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), days),
      date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

/**
 * Every contributor of a repository (or all, undefined) with their status at
 * T, the latest contribution in scope (DESIGN.md definition 4, default
 * thresholds: drifting after 6 months, away after 12, new within 90 days,
 * inactive from 5 contributions), and T itself.
 */
export function contributors(repo: string | undefined): { people: Map<string, Person>; t: Date } {
  const seen = new Map<string, { contributions: number; first: Date; last: Date }>();
  for (const r of commits()) {
    if (repo && r.repo !== repo) continue;
    const at = new Date(r.author_date);
    for (const p of people(r)) {
      if (isBot(p.name, p.email)) continue;
      const key = personKey(p.name, p.email);
      const s = seen.get(key);
      if (!s) seen.set(key, { contributions: 1, first: at, last: at });
      else {
        s.contributions += 1;
        if (at < s.first) s.first = at;
        if (at > s.last) s.last = at;
      }
    }
  }
  let latest = 0;
  for (const s of seen.values()) latest = Math.max(latest, s.last.getTime());
  const t = new Date(latest + 1);
  const driftingFrom = monthsBefore(t, 6);
  const awayFrom = monthsBefore(t, 12);
  const newFrom = new Date(t.getTime() - 90 * 86_400_000);
  const result = new Map<string, Person>();
  for (const [key, s] of seen) {
    const status = s.last >= driftingFrom ? "active" : s.last >= awayFrom ? "drifting" : "away";
    result.set(key, {
      key,
      ...s,
      status: s.first >= newFrom ? "new" : status,
      inactive: status !== "active" && s.contributions >= 5,
    });
  }
  return { people: result, t };
}

/**
 * Contributors who departed in each month (YYYY-MM): last seen in it, and
 * away at T; months ending within 12 months of T are left out (too early).
 */
export function departed(repo: string | undefined): Map<string, number> {
  const { people, t } = contributors(repo);
  const awayFrom = monthsBefore(t, 12);
  const settled = awayFrom.toISOString().slice(0, 10);
  const months = new Map<string, number>();
  for (const p of people.values()) {
    if (p.last >= awayFrom) continue;
    const month = p.last.toISOString().slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + 1);
  }
  // Only months whose last day is before the cut-off are known.
  const known = new Map<string, number>();
  for (const [month, n] of months) {
    const [y, m] = month.split("-").map(Number);
    const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    if (lastDay < settled) known.set(month, n);
  }
  return known;
}
