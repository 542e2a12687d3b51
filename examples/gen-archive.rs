//! Generates a synthetic minutes archive with a long git history, for the
//! benchmarks in `bench/`.
//!
//! ```text
//! cargo run --release --example gen-archive -- --meetings 10000 --out DIR [--seed N]
//! ```
//!
//! The archive looks like one kept for decades by a body with several
//! series (weekly, fortnightly, monthly, all since 1990): meetings of 3-15
//! items with Markdown notes of realistic size, tags from a few hundred
//! topics with a long tail, sources, actions and later updates of them. Its
//! history creates each meeting as an agenda and revises it one to six
//! times, commits of different meetings interleaved in time, moves a few
//! agendas that were filed under the wrong date, and now and then renames a
//! tag across hundreds of files in one commit.
//!
//! The output depends only on the arguments: the random numbers come from a
//! seeded generator of our own and every commit has a fixed author and date.
//! The history is written by one `git fast-import`, which takes tens of
//! thousands of commits in seconds. Dates come from the library's own
//! schedules, so every file passes `minutes check`. On success a JSON summary
//! (counts, a renamed meeting, a word worth searching for) goes to stdout.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use chrono::{Datelike, Days, NaiveDate};
use minutes::config::Config;
use minutes::id::MeetingId;

const USAGE: &str = "usage: gen-archive --meetings N --out DIR [--seed N]

Writes a synthetic minutes archive of N meetings with its git history into
DIR, which must be missing or empty. The same seed gives the same archive.";

/// Meetings are drawn from the schedules between these dates.
const FIRST_DAY: (i32, u32, u32) = (1990, 1, 1);
const LAST_DAY: (i32, u32, u32) = (2025, 12, 31);

fn main() -> ExitCode {
    if std::env::args().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What to generate. The tests (tests/cli/generator.rs) build this file
/// into the test binary and call [`Args::parse`] and [`generate`].
pub struct Args {
    meetings: usize,
    out: PathBuf,
    seed: u64,
}

impl Args {
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
        let (mut meetings, mut out, mut seed) = (None, None, 1);
        while let Some(flag) = args.next() {
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let number = || {
                value
                    .parse::<u64>()
                    .map_err(|_| format!("{flag} takes a number, not `{value}`"))
            };
            match flag.as_str() {
                "--meetings" => meetings = Some(number()? as usize),
                "--seed" => seed = number()?,
                "--out" => out = Some(PathBuf::from(&value)),
                _ => return Err(format!("unknown argument `{flag}`")),
            }
        }
        let meetings = meetings.ok_or("--meetings is required")?;
        if meetings < 3 {
            return Err("--meetings must be at least 3".into());
        }
        let out = out.ok_or("--out is required")?;
        Ok(Args {
            meetings,
            out,
            seed,
        })
    }
}

/// Writes the archive; the JSON summary, or why it could not.
pub fn generate(args: &Args) -> Result<String, String> {
    let started = Instant::now();
    prepare_out(&args.out)?;
    let mut rng = Rng::new(args.seed);
    let world = World::new(&mut rng);
    let plan = plan(args.meetings, &world, &mut rng)?;
    let meetings = write_meetings(&plan, &world, &mut rng);
    let events = schedule_history(&meetings, &world, &mut rng);

    git(&args.out, &["init", "-q", "-b", "main"])?;
    let commits = import(&args.out, &plan, &world, &meetings, &events)?;
    git(&args.out, &["reset", "-q", "--hard"])?;

    let renamed: Vec<_> = meetings
        .iter()
        .filter_map(|m| {
            m.misfiled
                .as_ref()
                .map(|from| serde_json::json!({"from": from.as_str(), "to": m.id.as_str()}))
        })
        .collect();
    let summary = serde_json::json!({
        "meetings": meetings.len(),
        "commits": commits,
        "seed": args.seed,
        "series": plan.series.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        "first": meetings.first().map(|m| m.id.as_str()),
        "middle": meetings[meetings.len() / 2].id.as_str(),
        "last": meetings.last().map(|m| m.id.as_str()),
        "renamed": renamed,
        "word": world.search_word(),
    });
    eprintln!(
        "gen-archive: {} meetings, {commits} commits in {:.1} s",
        meetings.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(summary.to_string())
}

fn prepare_out(out: &Path) -> Result<(), String> {
    match std::fs::read_dir(out) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(format!(
                "{} is not empty; give a new folder so that nothing is overwritten",
                out.display()
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir_all(out)
            .map_err(|e| format!("cannot create {}: {e}", out.display())),
        Err(e) => Err(format!("cannot read {}: {e}", out.display())),
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run git: {e}"))?;
    match status.success() {
        true => Ok(()),
        false => Err(format!("`git {}` failed ({status})", args.join(" "))),
    }
}

// ---------------------------------------------------------------------------
// Randomness: splitmix64, small and stable across platforms and releases.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6d69_6e75_7465_7321)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// Ranks drawn with probability proportional to 1/rank: a few common
/// choices and a long tail, as with words and topics.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c < target)
            .min(self.cumulative.len() - 1)
    }
}

// ---------------------------------------------------------------------------
// The world the minutes talk about: people, topics, words.

struct World {
    /// (handle, display name)
    people: Vec<(String, String)>,
    /// Topic names by rank; a few are renamed while the history is written.
    topics: Vec<String>,
    topic_ranks: Zipf,
    word_ranks: Zipf,
}

impl World {
    fn new(rng: &mut Rng) -> World {
        let mut people = Vec::new();
        let mut seen = BTreeSet::new();
        while people.len() < 160 {
            let (first, last) = (rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            let handle = format!("{}-{}", first.to_lowercase(), last.to_lowercase());
            if seen.insert(handle.clone()) {
                people.push((handle, format!("{first} {last}")));
            }
        }
        let mut topics: Vec<String> = TOPIC_WORDS.iter().map(|w| w.to_string()).collect();
        let mut names: BTreeSet<String> = topics.iter().cloned().collect();
        while topics.len() < 320 {
            let name = format!("{}-{}", rng.pick(TOPIC_WORDS), rng.pick(TOPIC_WORDS));
            if names.insert(name.clone()) {
                topics.push(name);
            }
        }
        // Single words are the common topics, compounds the long tail; each
        // group is shuffled so that ranks differ from one seed to another.
        let single = TOPIC_WORDS.len();
        shuffle(&mut topics[..single], rng);
        shuffle(&mut topics[single..], rng);
        World {
            people,
            topic_ranks: Zipf::new(topics.len()),
            topics,
            word_ranks: Zipf::new(WORDS.len()),
        }
    }

    /// A one-word topic of middling frequency: found in a few per cent of
    /// the meetings, as a real search would be.
    fn search_word(&self) -> &str {
        self.topics
            .iter()
            .skip(100)
            .find(|t| !t.contains('-'))
            .map_or("budget", String::as_str)
    }

    fn word(&self, rng: &mut Rng) -> &'static str {
        WORDS[self.word_ranks.sample(rng)]
    }

    fn topic(&self, rng: &mut Rng) -> usize {
        self.topic_ranks.sample(rng)
    }
}

// ---------------------------------------------------------------------------
// Series and dates.

struct SeriesDef {
    name: String,
    title: String,
    every: String,
    on: String,
    at: String,
    minutes: u32,
    standing: String,
    skip: Vec<NaiveDate>,
    /// Index of the first roster member of this series in 1990.
    roster_start: usize,
    members: usize,
}

/// The named series an archive starts with; more working groups are added
/// until the schedules hold enough meetings.
#[rustfmt::skip]
const SERIES: &[(&str, &str, &str, &str, &str, u32, &str)] = &[
    // name, title, every, on, at, minutes, standing item
    ("call", "Weekly call", "week", "tuesday", "21:00", 120, "News of the week"),
    ("tech", "Technical committee", "week", "thursday", "17:00", 90, "Open issues"),
    ("editors", "Editors' meeting", "2 weeks", "wednesday", "18:00", 60, "Status of the drafts"),
    ("board", "Board", "month", "first monday", "19:00", 120, "Minutes of the last meeting"),
    ("plenary", "Plenary", "week", "monday", "20:00", 120, "Announcements"),
    ("outreach", "Outreach group", "week", "friday", "16:00", 60, "Press review"),
    ("finance", "Finance committee", "month", "last friday", "15:00", 90, "Accounts"),
    ("liaison", "Liaison group", "week", "wednesday", "10:00", 60, "Reports from partners"),
];

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday"];

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).expect("a valid date")
}

fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2).expect("a valid date")
}

fn series_defs(count: usize, rng: &mut Rng) -> Vec<SeriesDef> {
    (0..count)
        .map(|i| {
            let (name, title, every, on, at, minutes, standing) = match SERIES.get(i) {
                Some(&(n, t, e, o, a, m, s)) => {
                    (n.to_string(), t.to_string(), e, o.to_string(), a, m, s)
                }
                None => {
                    let n = i - SERIES.len() + 1;
                    (
                        format!("wg{n}"),
                        format!("Working group {n}"),
                        "week",
                        WEEKDAYS[i % WEEKDAYS.len()].to_string(),
                        "14:00",
                        60,
                        "Round table",
                    )
                }
            };
            SeriesDef {
                name,
                title,
                every: every.into(),
                on,
                at: at.into(),
                minutes,
                standing: standing.into(),
                skip: Vec::new(),
                roster_start: rng.below(160),
                members: rng.range(12, 24),
            }
        })
        .collect()
}

fn config_text(series: &[SeriesDef], world: &World) -> String {
    let mut t = String::new();
    t.push_str("# A synthetic archive, generated for benchmarks.\n\n");
    t.push_str("[archive]\ntitle = \"Synthetic body\"\nlanguage = \"en\"\n");
    t.push_str("timezone = \"Europe/Rome\"\n");
    for s in series {
        let _ = write!(
            t,
            "\n[series.{}]\nname = {}\nevery = {}\non = {}\nat = {}\nduration = \"{}m\"\nstanding = [{}]\n",
            s.name,
            quoted(&s.title),
            quoted(&s.every),
            quoted(&s.on),
            quoted(&s.at),
            s.minutes,
            quoted(&s.standing),
        );
        if !s.skip.is_empty() {
            let dates: Vec<_> = s.skip.iter().map(|d| d.to_string()).collect();
            let _ = writeln!(t, "skip = [{}]", dates.join(", "));
        }
    }
    t.push_str("\n[people]\n");
    for (handle, name) in &world.people {
        let _ = writeln!(t, "{handle} = {}", quoted(name));
    }
    t.push_str("\n[publication]\nvenue = \"Synthetic body\"\nauthor = \"The secretariat\"\n");
    t.push_str("url = \"https://example.org/minutes/\"\noutput = \"public\"\n");
    t
}

fn parse_config(text: &str) -> Result<Config, String> {
    Config::parse(Path::new("minutes.toml"), text).map_err(|problems| {
        let shown: Vec<_> = problems.iter().map(|p| p.render()).collect();
        format!("the generated minutes.toml is invalid:\n{}", shown.join(""))
    })
}

fn occurrences(config: &Config, name: &str) -> Vec<NaiveDate> {
    config.schedules[name]
        .occurrences(first_day())
        .take_while(|d| *d <= last_day())
        .collect()
}

/// The series, the configuration and the meeting slots of the archive.
struct Plan {
    series: Vec<SeriesDef>,
    config_text: String,
    default_series: String,
    /// (date, series index), chronological.
    slots: Vec<(NaiveDate, usize)>,
}

fn plan(wanted: usize, world: &World, rng: &mut Rng) -> Result<Plan, String> {
    // Enough series for the wanted number of meetings, at least three.
    let mut count = 3;
    let mut series;
    loop {
        series = series_defs(count, rng);
        let config = parse_config(&config_text(&series, world))?;
        let total: usize = series
            .iter()
            .map(|s| occurrences(&config, &s.name).len())
            .sum();
        if total >= wanted {
            break;
        }
        count += 1;
    }
    // A few calls each series skipped, around Christmas.
    let config = parse_config(&config_text(&series, world))?;
    for s in &mut series {
        let christmas: Vec<_> = occurrences(&config, &s.name)
            .into_iter()
            .filter(|d| d.month() == 12 && d.day() >= 22)
            .collect();
        let mut skip = BTreeSet::new();
        for _ in 0..rng.range(2, 5).min(christmas.len()) {
            skip.insert(rng.pick(&christmas));
        }
        s.skip = skip.into_iter().collect();
    }
    let text = config_text(&series, world);
    let config = parse_config(&text)?;
    let mut all: Vec<(NaiveDate, usize)> = series
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            occurrences(&config, &s.name)
                .into_iter()
                .map(move |d| (d, i))
        })
        .collect();
    all.sort();
    // Keep `wanted` slots spread evenly over the years.
    let total = all.len();
    let slots = (0..wanted).map(|k| all[k * total / wanted]).collect();
    let default_series = config
        .default_series()
        .ok_or("the generated minutes.toml has no series")?
        .to_string();
    Ok(Plan {
        series,
        config_text: text,
        default_series,
        slots,
    })
}

// ---------------------------------------------------------------------------
// Meetings: their final content, from which every revision is cut.

struct Meeting {
    id: MeetingId,
    /// Where the agenda was first filed, a day off, before being moved.
    misfiled: Option<MeetingId>,
    series: usize,
    title: Option<String>,
    chair: usize,
    scribe: usize,
    present: Vec<usize>,
    regrets: Vec<usize>,
    items: Vec<Item>,
    updates: Vec<Update>,
    /// Revisions after the agenda (0 for an agenda not yet held).
    revisions: usize,
    outcome: Outcome,
}

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Agenda,
    Draft,
    Final,
    Published(NaiveDate),
}

struct Item {
    id: String,
    title: String,
    tags: Vec<usize>,
    presenter: usize,
    timebox: Option<u32>,
    private: bool,
    /// Paragraphs of Markdown.
    notes: Vec<String>,
    decisions: Vec<String>,
    sources: Vec<Source>,
    actions: Vec<Action>,
}

struct Source {
    title: String,
    author: Option<String>,
    publisher: &'static str,
    kind: &'static str,
    year: i32,
    url: Option<String>,
}

struct Action {
    id: String,
    owner: usize,
    task: String,
    due: NaiveDate,
}

struct Update {
    action: String,
    status: &'static str,
    note: &'static str,
}

fn write_meetings(plan: &Plan, world: &World, rng: &mut Rng) -> Vec<Meeting> {
    // The last meeting of each series is still an agenda, the one before a draft.
    let mut last = HashMap::new();
    let mut second_last = HashMap::new();
    for (i, (_, s)) in plan.slots.iter().enumerate() {
        if let Some(previous) = last.insert(*s, i) {
            second_last.insert(*s, previous);
        }
    }
    let mut open_actions: Vec<VecDeque<String>> = vec![VecDeque::new(); plan.series.len()];
    let mut meetings = Vec::with_capacity(plan.slots.len());
    for (i, &(date, s)) in plan.slots.iter().enumerate() {
        let series = &plan.series[s];
        let id = MeetingId::for_series(date, &series.name, series.name == plan.default_series);
        let members = members(series, date.year(), world.people.len());
        let outcome = if last.get(&s) == Some(&i) {
            Outcome::Agenda
        } else if second_last.get(&s) == Some(&i) {
            Outcome::Draft
        } else if rng.chance(0.8) {
            Outcome::Published(date + Days::new(rng.range(5, 30) as u64))
        } else {
            Outcome::Final
        };
        let revisions = match outcome {
            Outcome::Agenda => 0,
            _ => rng.range(1, 6),
        };
        let misfiled =
            (revisions > 0 && (rng.chance(0.004) || i == plan.slots.len() / 2)).then(|| {
                let wrong = date - Days::new(1);
                MeetingId::for_series(wrong, &series.name, series.name == plan.default_series)
            });
        let chair = rng.pick(&members);
        let scribe = rng.pick(&members);
        let mut present: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&p| p == chair || p == scribe || rng.chance(0.75))
            .collect();
        present.sort_unstable();
        present.dedup();
        let regrets = members
            .iter()
            .copied()
            .filter(|p| !present.contains(p) && rng.chance(0.5))
            .collect();
        let size = if rng.chance(0.015) {
            rng.range(40_000, 60_000)
        } else {
            rng.range(4_000, 12_000)
        };
        let items = write_items(series, date, &members, size, world, rng);
        let queue = &mut open_actions[s];
        let updates = follow_up(queue, rng);
        if outcome != Outcome::Agenda {
            for item in &items {
                for action in &item.actions {
                    queue.push_back(format!("{id}#{}", action.id));
                }
            }
        }
        let title = rng
            .chance(0.6)
            .then(|| items.get(1).map(|i| i.title.clone()))
            .flatten();
        meetings.push(Meeting {
            id,
            misfiled,
            series: s,
            title,
            chair,
            scribe,
            present,
            regrets,
            items,
            updates,
            revisions,
            outcome,
        });
    }
    meetings
}

/// What became of a few of the oldest open actions of the series; those
/// still open go back to the end of the queue.
fn follow_up(queue: &mut VecDeque<String>, rng: &mut Rng) -> Vec<Update> {
    let mut updates = Vec::new();
    for _ in 0..rng.range(0, 3).min(queue.len()) {
        let Some(action) = queue.pop_front() else {
            break;
        };
        let status = match rng.below(10) {
            0..=6 => "done",
            7 => "dropped",
            _ => "open",
        };
        if status == "open" {
            queue.push_back(action.clone());
        }
        updates.push(Update {
            action,
            status,
            note: rng.pick(UPDATE_NOTES),
        });
    }
    updates
}

/// The roster members of a series in a year: a window over the roster that
/// moves a little every year, so that people come and go.
fn members(series: &SeriesDef, year: i32, roster: usize) -> Vec<usize> {
    let start = series.roster_start + 3 * (year - FIRST_DAY.0).max(0) as usize;
    (0..series.members).map(|k| (start + k) % roster).collect()
}

fn write_items(
    series: &SeriesDef,
    date: NaiveDate,
    members: &[usize],
    size: usize,
    world: &World,
    rng: &mut Rng,
) -> Vec<Item> {
    let count = rng.range(3, 9) + if rng.chance(0.3) { rng.range(0, 6) } else { 0 };
    let timeboxed = rng.chance(0.5);
    let share = (series.minutes.saturating_sub(10) / (count as u32 - 1)) / 5 * 5;
    let budget = size.saturating_sub(1500 + 450 * count) / count;
    let mut ids = BTreeSet::new();
    let mut actions = 0;
    let mut items = Vec::with_capacity(count);
    for k in 0..count {
        let mut tags: Vec<usize> = (0..rng.range(1, 5)).map(|_| world.topic(rng)).collect();
        tags.sort_unstable();
        tags.dedup();
        let main = world.topics[tags[0]].replace('-', " ");
        let title = match k {
            0 => series.standing.clone(),
            _ => rng.pick(TITLE_FORMS).replace("{}", &main),
        };
        let mut id = slug(&title);
        let base = id.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let item_budget = budget / 2 + rng.below(budget.max(1));
        let notes = write_notes(&tags, item_budget, world, rng);
        let decisions = (0..if rng.chance(0.3) { rng.range(1, 2) } else { 0 })
            .map(|_| rng.pick(DECISION_FORMS).replace("{}", &main))
            .collect();
        let sources = (0..if rng.chance(0.4) { rng.range(1, 3) } else { 0 })
            .map(|_| write_source(date, world, rng))
            .collect();
        let action_count = match rng.below(20) {
            0..=11 => 0,
            12..=17 => 1,
            _ => 2,
        };
        let item_actions = (0..action_count)
            .map(|_| {
                actions += 1;
                Action {
                    id: format!("a{actions}"),
                    owner: rng.pick(members),
                    task: rng.pick(ACTION_FORMS).replace("{}", &main),
                    due: date + Days::new(7 * rng.range(1, 4) as u64),
                }
            })
            .collect();
        items.push(Item {
            id,
            title,
            tags,
            presenter: rng.pick(members),
            timebox: match (timeboxed, k) {
                (false, _) => None,
                (true, 0) => Some(10),
                (true, _) => (share >= 5).then_some(share),
            },
            private: k > 0 && rng.chance(0.03),
            notes,
            decisions,
            sources,
            actions: item_actions,
        });
    }
    items
}

fn write_notes(tags: &[usize], budget: usize, world: &World, rng: &mut Rng) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut written = 0;
    while written < budget.max(200) {
        let paragraph = if rng.chance(0.15) {
            (0..rng.range(2, 4))
                .map(|_| {
                    let line = sentence(rng.range(4, 10), tags, world, rng);
                    wrap(&line, "- ", "  ")
                })
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            let text: Vec<_> = (0..rng.range(2, 6))
                .map(|_| sentence(rng.range(7, 22), tags, world, rng))
                .collect();
            wrap(&text.join(" "), "", "")
        };
        written += paragraph.len() + 1;
        paragraphs.push(paragraph);
    }
    paragraphs
}

fn sentence(words: usize, tags: &[usize], world: &World, rng: &mut Rng) -> String {
    let mut out = String::new();
    for k in 0..words {
        if k > 0 {
            out.push(' ');
        }
        let roll = rng.below(100);
        let word = if roll < 3 {
            world.topics[rng.pick(tags)].replace('-', " ")
        } else {
            world.word(rng).to_string()
        };
        // Only words that carry meaning get emphasis or a link.
        match roll {
            _ if word.len() < 5 => out.push_str(&word),
            3 | 4 => {
                let _ = write!(out, "**{word}**");
            }
            5..=7 => {
                let _ = write!(out, "*{word}*");
            }
            8 => {
                let _ = write!(out, "[{word}](https://example.org/{})", slug(&word));
            }
            _ => out.push_str(&word),
        }
    }
    let mut chars = out.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    first.into_iter().chain(chars).chain(Some('.')).collect()
}

/// Wraps at 76 columns, as people write Markdown in an editor.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::from(first);
    let mut column = first.len();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && column + 1 + word.len() > 76 {
            out.push('\n');
            out.push_str(rest);
            column = rest.len();
            empty = true;
        }
        if !empty {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
        empty = false;
    }
    out
}

fn write_source(date: NaiveDate, world: &World, rng: &mut Rng) -> Source {
    let words: Vec<_> = (0..rng.range(3, 7)).map(|_| world.word(rng)).collect();
    let mut title = words.join(" ");
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let kind = rng.pick(SOURCE_KINDS);
    Source {
        url: (kind == "web" || rng.chance(0.2))
            .then(|| format!("https://example.org/{}", slug(&title))),
        title,
        author: rng
            .chance(0.6)
            .then(|| format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))),
        publisher: rng.pick(PUBLISHERS),
        kind,
        year: date.year() - rng.range(0, 25) as i32,
    }
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-')
        .chars()
        .take(40)
        .collect::<String>()
        .trim_end_matches('-')
        .into()
}

// ---------------------------------------------------------------------------
// Rendering a meeting at one stage of its life as TOML text.

/// What a file looks like at a point in history.
#[derive(Clone, Copy)]
struct Stage {
    /// 0: the agenda; r: the r-th revision of the minutes.
    revision: usize,
    /// The agenda filed under the wrong date, before it was moved.
    misfiled: bool,
}

/// `topics` are the tag names in force when the file is written.
fn render(m: &Meeting, stage: Stage, plan: &Plan, world: &World, topics: &[String]) -> String {
    let id = match (&m.misfiled, stage.misfiled) {
        (Some(wrong), true) => wrong,
        _ => &m.id,
    };
    let person = |p: &usize| quoted(&world.people[*p].0);
    let people = |ps: &[usize]| ps.iter().map(person).collect::<Vec<_>>().join(", ");
    let done = stage.revision == m.revisions;
    let status = match (stage.revision, m.outcome) {
        (0, _) | (_, Outcome::Agenda) => "agenda",
        (_, Outcome::Final) if done => "final",
        (_, Outcome::Published(_)) if done => "published",
        _ => "draft",
    };
    let mut t = String::with_capacity(16 * 1024);
    let _ = writeln!(t, "schema = 1\ndate = {}", id.date());
    let _ = writeln!(t, "series = {}", quoted(&plan.series[m.series].name));
    let _ = writeln!(t, "status = \"{status}\"");
    if let Some(title) = &m.title {
        let _ = writeln!(t, "title = {}", quoted(title));
    }
    let _ = writeln!(t, "chair = {}", person(&m.chair));
    if stage.revision > 0 {
        let _ = writeln!(t, "scribe = {}", person(&m.scribe));
        let _ = writeln!(t, "present = [{}]", people(&m.present));
        if !m.regrets.is_empty() {
            let _ = writeln!(t, "regrets = [{}]", people(&m.regrets));
        }
    }
    // Each revision fills in the notes of a few more items; the last one
    // written so far may still be half done.
    let filled = match stage.revision {
        0 => 0,
        r => (m.items.len() * r).div_ceil(m.revisions.max(1)),
    };
    for (k, item) in m.items.iter().enumerate() {
        let _ = write!(
            t,
            "\n[[items]]\nid = {}\ntitle = {}\n",
            quoted(&item.id),
            quoted(&item.title)
        );
        let tags: Vec<_> = item.tags.iter().map(|&g| quoted(&topics[g])).collect();
        let _ = writeln!(t, "tags = [{}]", tags.join(", "));
        let _ = writeln!(t, "presenter = {}", person(&item.presenter));
        if let Some(minutes) = item.timebox {
            let _ = writeln!(t, "timebox = {minutes}");
        }
        if item.private {
            t.push_str("private = true\n");
        }
        if k >= filled {
            continue;
        }
        let _ = writeln!(
            t,
            "lead = {}",
            quoted(&format!("some remarks on {}", item.title.to_lowercase()))
        );
        let shown = if k + 1 == filled && !done {
            item.notes.len().div_ceil(2)
        } else {
            item.notes.len()
        };
        let _ = writeln!(
            t,
            "notes = \"\"\"\n{}\n\"\"\"",
            multiline(&item.notes[..shown].join("\n\n"))
        );
        if !item.decisions.is_empty() {
            let decisions: Vec<_> = item.decisions.iter().map(|d| quoted(d)).collect();
            let _ = writeln!(t, "decisions = [{}]", decisions.join(", "));
        }
        for s in &item.sources {
            let _ = write!(t, "\n[[items.sources]]\ntitle = {}\n", quoted(&s.title));
            if let Some(author) = &s.author {
                let _ = writeln!(t, "author = {}", quoted(author));
            }
            let _ = writeln!(
                t,
                "publisher = {}\nkind = \"{}\"\nyear = {}",
                quoted(s.publisher),
                s.kind,
                s.year
            );
            if let Some(url) = &s.url {
                let _ = writeln!(t, "url = {}", quoted(url));
            }
        }
        for a in &item.actions {
            let _ = write!(
                t,
                "\n[[items.actions]]\nid = \"{}\"\nowner = {}\n",
                a.id,
                person(&a.owner)
            );
            let _ = writeln!(t, "task = {}\ndue = {}", quoted(&a.task), a.due);
        }
    }
    if stage.revision > 0 {
        for u in &m.updates {
            let _ = write!(
                t,
                "\n[[updates]]\naction = {}\nstatus = \"{}\"\n",
                quoted(&u.action),
                u.status
            );
            let _ = writeln!(t, "note = {}", quoted(u.note));
        }
    }
    if let (Outcome::Published(on), true) = (m.outcome, done && stage.revision > 0) {
        let _ = write!(t, "\n[publication]\ndate = {on}\n");
    }
    t
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The body of a TOML multi-line basic string.
fn multiline(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

// ---------------------------------------------------------------------------
// History: when each file changed, and the commits that record it.

enum Change {
    /// The meeting at this stage (index into meetings).
    Meeting(usize, Stage),
    /// The agenda filed under the wrong date moves to the right one.
    Move(usize),
    /// A tag is renamed in every meeting that has it.
    Retag(usize, String),
}

struct Event {
    /// Seconds since the epoch.
    at: i64,
    change: Change,
}

fn schedule_history(meetings: &[Meeting], world: &World, rng: &mut Rng) -> Vec<Event> {
    let day = 86_400i64;
    let mut events = Vec::new();
    for (i, m) in meetings.iter().enumerate() {
        let call =
            m.id.date()
                .and_hms_opt(0, 0, 0)
                .expect("midnight exists")
                .and_utc()
                .timestamp();
        let mut at = call - day * rng.range(3, 8) as i64 + 9 * 3600 + rng.below(36_000) as i64;
        let misfiled = m.misfiled.is_some();
        events.push(Event {
            at,
            change: Change::Meeting(
                i,
                Stage {
                    revision: 0,
                    misfiled,
                },
            ),
        });
        if misfiled {
            at += 3600 + rng.below(day as usize) as i64;
            events.push(Event {
                at,
                change: Change::Move(i),
            });
        }
        at = at.max(call + 22 * 3600);
        for revision in 1..=m.revisions {
            at += rng.below(4 * day as usize) as i64 + 600;
            events.push(Event {
                at,
                change: Change::Meeting(
                    i,
                    Stage {
                        revision,
                        misfiled: false,
                    },
                ),
            });
        }
    }
    events.sort_by_key(|e| e.at);
    // Now and then somebody renames a common tag across the whole archive.
    let renames = (meetings.len() / 1000).clamp(1, 12);
    let mut taken: BTreeSet<String> = world.topics.iter().cloned().collect();
    let mut retags = Vec::new();
    for k in 1..=renames {
        let topic = rng.range(5, 60);
        let name = format!("{}-{}", world.topics[topic], rng.pick(TAG_SUFFIXES));
        if !taken.insert(name.clone()) {
            continue;
        }
        let at = events[k * events.len() / (renames + 1)].at + 60;
        retags.push(Event {
            at,
            change: Change::Retag(topic, name),
        });
    }
    events.extend(retags);
    events.sort_by_key(|e| e.at);
    events
}

/// Streams the history into `git fast-import`; returns the number of commits.
fn import(
    out: &Path,
    plan: &Plan,
    world: &World,
    meetings: &[Meeting],
    events: &[Event],
) -> Result<usize, String> {
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet", "--done"])
        .current_dir(out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git fast-import: {e}"))?;
    let stdin = child.stdin.take().ok_or("git fast-import has no stdin")?;
    let mut stream = Stream {
        out: BufWriter::with_capacity(1 << 20, stdin),
        commits: 0,
    };
    let written = write_history(&mut stream, plan, world, meetings, events);
    let commits = stream.commits;
    // Closing stdin (dropping the writer) lets fast-import finish.
    let finished = stream
        .out
        .into_inner()
        .map(drop)
        .map_err(|e| e.into_error());
    let status = child.wait().map_err(|e| format!("git fast-import: {e}"))?;
    written
        .and(finished)
        .map_err(|e| format!("writing to git fast-import: {e}"))?;
    match status.success() {
        true => Ok(commits),
        false => Err(format!("git fast-import failed ({status})")),
    }
}

struct Stream<W: Write> {
    out: W,
    commits: usize,
}

impl<W: Write> Stream<W> {
    fn commit(
        &mut self,
        (name, email): (&str, &str),
        at: i64,
        message: &str,
        files: &[(String, Option<String>)],
    ) -> std::io::Result<()> {
        let o = &mut self.out;
        writeln!(o, "commit refs/heads/main")?;
        writeln!(o, "author {name} <{email}> {at} +0000")?;
        writeln!(o, "committer {name} <{email}> {at} +0000")?;
        writeln!(o, "data {}\n{message}", message.len())?;
        for (path, content) in files {
            match content {
                Some(text) => {
                    writeln!(o, "M 100644 inline {path}\ndata {}", text.len())?;
                    o.write_all(text.as_bytes())?;
                    writeln!(o)?;
                }
                None => writeln!(o, "D {path}")?,
            }
        }
        writeln!(o)?;
        self.commits += 1;
        Ok(())
    }
}

fn write_history<W: Write>(
    stream: &mut Stream<W>,
    plan: &Plan,
    world: &World,
    meetings: &[Meeting],
    events: &[Event],
) -> std::io::Result<()> {
    let mut topics = world.topics.clone();
    let clerk = ("The secretariat", "secretariat@example.org");
    let start = events.first().map_or(0, |e| e.at) - 86_400;
    stream.commit(
        clerk,
        start,
        "Start the archive: series, roster, publication",
        &[("minutes.toml".into(), Some(plan.config_text.clone()))],
    )?;
    let path = |id: &MeetingId| id.relative_path().to_string_lossy().replace('\\', "/");
    let mut stages: Vec<Option<Stage>> = vec![None; meetings.len()];
    let emails: Vec<String> = world
        .people
        .iter()
        .map(|(h, _)| format!("{h}@example.org"))
        .collect();
    let author = |m: &Meeting| (world.people[m.scribe].1.as_str(), emails[m.scribe].as_str());
    for event in events {
        match &event.change {
            Change::Meeting(i, stage) => {
                let m = &meetings[*i];
                let text = render(m, *stage, plan, world, &topics);
                let id = match (&m.misfiled, stage.misfiled) {
                    (Some(wrong), true) => wrong,
                    _ => &m.id,
                };
                let message = message(m, *stage);
                stream.commit(author(m), event.at, &message, &[(path(id), Some(text))])?;
                stages[*i] = Some(*stage);
            }
            Change::Move(i) => {
                let m = &meetings[*i];
                let wrong = m.misfiled.as_ref().expect("only misfiled meetings move");
                let stage = Stage {
                    revision: 0,
                    misfiled: false,
                };
                let text = render(m, stage, plan, world, &topics);
                let message = format!(
                    "Move {wrong} to {}: the call was on {}",
                    m.id,
                    m.id.date().format("%A %-d %B")
                );
                let files = [(path(wrong), None), (path(&m.id), Some(text))];
                stream.commit(author(m), event.at, &message, &files)?;
                stages[*i] = Some(stage);
            }
            Change::Retag(topic, name) => {
                let old = std::mem::replace(&mut topics[*topic], name.clone());
                let files: Vec<_> = meetings
                    .iter()
                    .zip(&stages)
                    .filter(|(m, _)| m.items.iter().any(|item| item.tags.contains(topic)))
                    .filter_map(|(m, stage)| {
                        let stage = (*stage)?;
                        let id = match (&m.misfiled, stage.misfiled) {
                            (Some(wrong), true) => wrong,
                            _ => &m.id,
                        };
                        Some((path(id), Some(render(m, stage, plan, world, &topics))))
                    })
                    .collect();
                if !files.is_empty() {
                    let message = format!(
                        "Rename the tag `{old}` to `{name}` in {} meetings",
                        files.len()
                    );
                    stream.commit(clerk, event.at, &message, &files)?;
                }
            }
        }
    }
    writeln!(stream.out, "done")?;
    stream.out.flush()
}

fn message(m: &Meeting, stage: Stage) -> String {
    let done = stage.revision == m.revisions;
    match (stage.revision, m.outcome) {
        (0, _) => format!("Agenda of {}: {} items", m.id, m.items.len()),
        (_, Outcome::Published(_)) if done => format!("Publish the minutes of {}", m.id),
        (_, Outcome::Final) if done => format!("Minutes of {} are final", m.id),
        (r, _) => {
            let filled = (m.items.len() * r).div_ceil(m.revisions.max(1));
            let item = &m.items[filled.saturating_sub(1)];
            format!(
                "Minutes of {}: notes on {}",
                m.id,
                item.title.to_lowercase()
            )
        }
    }
}

// ---------------------------------------------------------------------------
// Word lists.

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Anna", "Marco", "Lucia", "Pietro", "Giulia", "Davide", "Sara", "Paolo", "Elena", "Luca",
    "Maria", "Jonas", "Ingrid", "Tomas", "Aiko", "Kenji", "Amara", "Kofi", "Leila", "Omar", "Sofia",
    "Mateo", "Chen", "Wei", "Priya", "Ravi", "Olga", "Ivan", "Nora", "Emil", "Hanna", "Felix",
    "Clara", "Hugo", "Ines", "Diego", "Yara", "Sami", "Lena", "Tariq",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Rossi", "Bellini", "Ferraro", "Conti", "Esposito", "Marino", "Gallo", "Novak", "Berg",
    "Lindqvist", "Tanaka", "Sato", "Mensah", "Okafor", "Haddad", "Khan", "Garcia", "Lopez", "Zhang",
    "Liu", "Sharma", "Patel", "Petrova", "Ivanov", "Keller", "Weber", "Schmidt", "Dubois", "Moreau",
    "Santos", "Silva", "Nilsen", "Costa", "Ricci", "Greco", "Bruno", "Romano", "Colombo", "Fontana",
    "Moretti",
];

#[rustfmt::skip]
const TOPIC_WORDS: &[&str] = &[
    "ai", "china", "usa", "europe", "africa", "energy", "oil", "gas", "coal", "solar", "wind",
    "nuclear", "climate", "water", "food", "agriculture", "labour", "automation", "unions", "wages",
    "housing", "health", "pandemic", "vaccines", "education", "schools", "science", "space",
    "satellites", "chips", "semiconductors", "trade", "tariffs", "sanctions", "shipping", "ports",
    "railways", "logistics", "finance", "banks", "debt", "inflation", "currency", "crypto",
    "markets", "pensions", "taxes", "budget", "defence", "nato", "ukraine", "russia", "india",
    "brazil", "mexico", "japan", "korea", "taiwan", "iran", "israel", "gaza", "syria", "turkey",
    "egypt", "sudan", "congo", "sahel", "migration", "borders", "cities", "transport", "cars",
    "batteries", "lithium", "cobalt", "copper", "mining", "steel", "textiles", "media", "press",
    "internet", "platforms", "privacy", "surveillance", "cables", "software", "open-source",
    "standards", "patents", "copyright", "robots", "drones", "elections", "parliament", "courts",
    "police", "prisons", "protests", "strikes", "demography", "fertility", "ageing", "biotech",
    "genetics", "fisheries", "forests", "arctic", "antarctica",
];

const TAG_SUFFIXES: &[&str] = &["policy", "studies", "watch", "affairs", "questions"];

const TITLE_FORMS: &[&str] = &[
    "Review of the {} dossier",
    "News on {}",
    "The {} question",
    "Report on {}",
    "Update on {}",
    "Proposal on {}",
    "Open points on {}",
    "Reading group: {}",
    "Figures on {}",
    "A first look at {}",
];

const DECISION_FORMS: &[&str] = &[
    "Put {} on the agenda of the next call.",
    "Publish a short note on {}.",
    "Ask the board for a budget line on {}.",
    "Close the thread on {} for now.",
    "Follow {} as a standing thread of the next calls.",
];

const ACTION_FORMS: &[&str] = &[
    "Draft a note on {} for the next call",
    "Collect the figures on {}",
    "Contact the authors of the report on {}",
    "Summarise the discussion on {} for the list",
    "Prepare slides on {}",
    "Check the sources on {}",
];

const UPDATE_NOTES: &[&str] = &[
    "Circulated on the list.",
    "Presented in today's call.",
    "Postponed; still relevant.",
    "No longer needed after the last decision.",
    "Half done; the rest next week.",
];

#[rustfmt::skip]
const PUBLISHERS: &[&str] = &[
    "The Economist", "Financial Times", "Le Monde diplomatique", "Limes", "Nature", "Science",
    "The Guardian", "Der Spiegel", "Il Sole 24 Ore", "MIT Press", "Verso", "Penguin",
    "Oxford University Press", "Reuters", "Al Jazeera",
];

#[rustfmt::skip]
const SOURCE_KINDS: &[&str] = &[
    "article", "article", "article", "book", "report", "video", "web",
];

/// Words of the notes, most common first (their frequency follows the rank).
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "it", "for", "on", "as", "with", "by",
    "this", "are", "from", "but", "not", "at", "which", "have", "be", "an", "has", "they", "their",
    "more", "its", "were", "than", "group", "one", "new", "all", "there", "also", "been", "would",
    "about", "other", "what", "when", "some", "into", "only", "over", "world", "after", "can",
    "most", "years", "country", "state", "could", "first", "two", "now", "time", "people", "market",
    "between", "against", "where", "because", "still", "since", "war", "production", "government",
    "companies", "while", "capital", "crisis", "without", "under", "question", "point", "growth",
    "money", "work", "workers", "power", "report", "data", "industry", "price", "prices", "even",
    "same", "both", "each", "much", "long", "part", "last", "many", "large", "small", "public",
    "private", "social", "political", "economic", "global", "national", "local", "military",
    "technical", "historical", "recent", "current", "future", "general", "particular", "central",
    "main", "whole", "real", "possible", "clear", "discussed", "noted", "argued", "recalled",
    "proposed", "agreed", "asked", "showed", "suggested", "explained", "described", "compared",
    "reported", "questioned", "stressed", "remarked", "mentioned", "summarised", "reviewed",
    "presented", "considered", "added", "answered", "read", "quoted", "followed", "tracked",
    "measured", "estimated", "counted", "article", "book", "chapter", "paper", "figure", "table",
    "chart", "source", "author", "thesis", "argument", "evidence", "reading", "discussion",
    "meeting", "call", "agenda", "draft", "note", "summary", "decision", "proposal", "budget",
    "plan", "project", "network", "system", "structure", "process", "trend", "cycle", "change",
    "shift", "tension", "conflict", "agreement", "treaty", "border", "region", "city", "factory",
    "farm", "mine", "port", "road", "bridge", "grid", "plant", "reactor", "pipeline", "tanker",
    "container", "satellite", "rocket", "processor", "memory", "model", "algorithm", "platform",
    "server", "cable", "protocol", "license", "standard", "patent", "court", "ruling", "law",
    "regulation", "subsidy", "tariff", "quota", "loan", "bond", "share", "dividend", "profit",
    "loss", "rent", "wage", "strike", "union", "contract", "shift", "overtime", "automation",
    "machine", "robot", "tool", "skill", "training", "school", "university", "hospital", "vaccine",
    "epidemic", "harvest", "drought", "flood", "storm", "heat", "emissions", "carbon", "forest",
    "river", "glacier", "ocean", "fishery", "famine", "refugees", "census", "ageing", "birth",
    "household", "consumption", "savings", "inflation", "recession", "boom", "bubble", "bankruptcy",
    "merger", "monopoly", "cartel", "competition", "export", "import", "surplus", "deficit",
    "reserve", "currency", "exchange", "index", "benchmark", "forecast", "scenario", "risk",
    "uncertainty", "hypothesis", "pattern", "anomaly", "outlier", "sample", "survey", "interview",
    "archive", "correspondence", "memoir", "transcript", "footnote", "appendix", "errata",
    "translation", "quarterly", "annual", "weekly", "decade", "century", "generation", "turbine",
    "lithium", "feedstock", "throughput", "bottleneck", "backlog", "stockpile", "shortage",
    "rationing", "blackout", "cyberattack", "espionage", "smuggling", "piracy", "blockade",
    "embargo", "referendum", "coalition", "filibuster", "impeachment", "amnesty", "insurgency",
    "ceasefire", "armistice", "mandate", "protectorate", "hinterland", "archipelago", "isthmus",
    "delta", "estuary", "plateau", "steppe", "tundra", "monsoon", "permafrost", "aquifer",
    "watershed",
];
