//! Validation of the whole archive: every problem, each at its place.
//!
//! Parsing (syntax, shape, types) is done by `source`; this module adds the
//! rules that need meaning or more than one file: the date agrees with the
//! file name, ids are unique, people are in the roster and listed once,
//! attendees are a handle or a guest, updates name real earlier actions,
//! timeboxes fit, the date is on its period's schedule, a cancelled call
//! has no notes or actions, parents and references make sense, overlays
//! translate existing items. It never stops at the first problem. Whether
//! the archive's templates compile is for `render` to say: the commands put
//! both reports together. The rules of the parts a meeting may hold beyond
//! the schema-1 header and items are in `check/richer.rs`; those of what
//! gets published (translations into the publication languages, leads that
//! fit the article's frames) in `check/publication.rs`.
//!
//! The rules come in two kinds. A file's own rules (`Rules`) read that file
//! and minutes.toml: what they find is kept by the file's content in a memo
//! of the index, so that an unchanged file is neither parsed nor checked
//! again. The rules across files (twins, updates, translations, overlays)
//! read what each file holds (`Facts`: its items, actions, updates, a key
//! of its text), remembered or not, and read a file again only to show a
//! problem they found in it. Without the memo (`--no-index`) the same code
//! runs on every file, so the diagnostics are the same either way.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::archive::{self, Entry, Record};
use crate::config::{self, Config};
use crate::cores;
use crate::diagnostic::{Diagnostic, Kept};
use crate::error::Result;
use crate::history::{self, MeetingLog, Timeline};
use crate::id::{self, Lang, MeetingId};
use crate::index::checks::{self, Memo};
use crate::meeting::{SCHEMA_VERSION, Status};
use crate::source;
use crate::translation::{self, Overlay};

mod publication;
mod richer;

/// What was checked: the problems, and how many files were read.
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks the configuration and the meetings in `only` (all when empty);
/// translations also against the archive's history, when it has one.
///
/// What a meeting file's own rules find is kept in the memo in `cache`
/// (the index's folder, when the caller lets it be used), by the file's
/// content: a file seen before is not parsed again. The rules across files
/// then run over what each file holds (its actions, its updates ...), the
/// same whether it was parsed now or remembered.
pub fn check(
    root: &Path,
    only: &[MeetingId],
    timeline: Option<&Timeline>,
    cache: Option<&Path>,
) -> Result<Report> {
    let shown = Path::new(config::FILE_NAME);
    let mut diagnostics = Vec::new();
    let (config, context) = match read(root, shown) {
        Ok(text) => {
            let config = Config::parse(shown, &text)
                .map_err(|d| diagnostics.extend(d))
                .ok();
            (config, text)
        }
        Err(d) => {
            diagnostics.push(d);
            (None, String::new())
        }
    };
    let selected = |id: &MeetingId| only.is_empty() || only.contains(id);
    for id in only {
        if crate::fsio::Kind::at(&root.join(id.relative_path())).is_err() {
            diagnostics.push(
                Diagnostic::file(&id.relative_path(), format!("there is no meeting {id}"))
                    .with_help("`minutes list` shows the meetings of this archive"),
            );
        }
    }

    let mut ids = Vec::new();
    let mut overlays = Vec::new();
    for entry in archive::entries(root)? {
        match entry {
            Entry::Meeting(id) => ids.push(id),
            Entry::Overlay(id, lang) if selected(&id) => overlays.push((id, lang)),
            Entry::Overlay(..) => {}
            Entry::Stray(path) if only.is_empty() => {
                diagnostics.push(unreadable(root, &path).unwrap_or_else(|| stray(&path)))
            }
            Entry::Stray(_) => {}
        }
    }
    // The rules read the configuration: what they found holds for this one.
    let memo = Memo::open(cache, checks::key(context.as_bytes()));
    let bar = crate::ui::progress(Some(ids.len() as u64), "checking meetings");
    let outcomes = cores::map(&ids, &|| bar.inc(1), |id| {
        own_rules(root, id, config.as_ref(), &memo)
    });
    bar.finish_and_clear();
    let names: Vec<&str> = ids.iter().map(MeetingId::as_str).collect();
    memo.save(&names);

    let mut files = 1;
    let mut parsed: Vec<Parsed<'_>> = Vec::new();
    // Meetings whose file exists but does not read: their own problems are
    // reported, not those of the updates and translations that name them.
    let mut broken = HashSet::new();
    for (id, outcome) in ids.iter().zip(outcomes) {
        let problems = match outcome {
            Ok(Own::Parsed { findings, facts }) => {
                parsed.push((id, findings, facts));
                continue;
            }
            Ok(Own::Unparsed(problems)) => problems.into_iter().map(Diagnostic::from).collect(),
            Err(d) => vec![d],
        };
        if selected(id) {
            diagnostics.extend(problems);
        }
        broken.insert(id.clone());
    }
    let texts = Texts { root };
    twins(&parsed, &texts, selected, &mut diagnostics);
    let index = ActionIndex::new(&parsed, &broken);
    for (id, own, facts) in parsed.iter().filter(|(id, ..)| selected(id)) {
        files += 1;
        diagnostics.extend(own.meeting.iter().cloned().map(Diagnostic::from));
        updates(id, facts, &index, &texts, &mut diagnostics);
        diagnostics.extend(own.leads.iter().cloned().map(Diagnostic::from));
        translations(
            id,
            facts,
            &texts,
            config.as_ref(),
            &overlays,
            &mut diagnostics,
        );
    }
    let publish = config
        .as_ref()
        .map(Config::publication_languages)
        .unwrap_or_default();
    let mut logs: HashMap<MeetingId, MeetingLog> = HashMap::new();
    for (id, lang) in overlays {
        files += 1;
        let meeting = parsed.iter().find(|(i, ..)| **i == id);
        let original = match meeting {
            Some((.., facts)) => Original::Read(&facts.items),
            None if broken.contains(&id) => Original::Broken,
            None => Original::Missing,
        };
        let parsed = check_overlay(root, &id, &lang, original, &mut diagnostics);
        if let Some(parsed) = &parsed {
            let file = id.overlay_path(&lang);
            // The meeting matters only when it is published in `lang`.
            let record = meeting
                .filter(|(.., facts)| facts.published && publish.contains(&lang))
                .and_then(|_| texts.record(&id));
            let record = record.as_ref();
            publication::overlay(record, parsed, &file, &lang, &publish, &mut diagnostics);
        }
        // Translations are compared with the history only where there is one.
        if let (Some(timeline), Some(parsed)) = (timeline, parsed) {
            // The overlays of one meeting share its history.
            if !logs.contains_key(&id) {
                if let Ok(log) = history::meeting_log(timeline, &id, None) {
                    logs.insert(id.clone(), log);
                }
            }
            if let Some(log) = logs.get(&id) {
                stale_overlay(timeline, log, &parsed, &id, &lang, &mut diagnostics);
            }
        }
    }
    Ok(Report { diagnostics, files })
}

/// What a meeting file's own rules found: the problems that stopped its
/// parsing, or the findings of its rules and what the rules across files
/// need of it.
#[derive(Serialize, Deserialize)]
enum Own {
    Unparsed(Vec<Kept>),
    Parsed { findings: Findings, facts: Facts },
}

/// A meeting file that parsed: what its own rules found, and its facts.
type Parsed<'a> = (&'a MeetingId, Findings, Facts);

/// What a file's own rules found, in the order they are reported.
#[derive(Serialize, Deserialize)]
struct Findings {
    /// By the rules of the meeting ([`Rules::meeting`]).
    meeting: Vec<Kept>,
    /// By the rule of leads ([`Rules::leads`]), reported after the updates.
    leads: Vec<Kept>,
}

/// What the rules across files need of a meeting.
#[derive(Serialize, Deserialize)]
struct Facts {
    /// The ids of its items and of its actions.
    items: Vec<String>,
    actions: Vec<String>,
    /// The actions its updates name, and where.
    updates: Vec<(String, Range<usize>)>,
    /// A key of its text but the date, and where the date is.
    twin: Option<(u64, Range<usize>)>,
    /// Whether it is published, which its translations are checked for.
    published: bool,
}

impl Facts {
    fn of(record: &Record) -> Facts {
        let m = &record.meeting;
        let updates = m.updates.iter().enumerate().map(|(i, u)| {
            let span = record.spans.get(&format!("updates[{i}].action"));
            (u.action.clone(), span.unwrap_or(0..0))
        });
        Facts {
            items: m.items.iter().map(|i| i.id.clone()).collect(),
            actions: m
                .items
                .iter()
                .flat_map(|i| i.actions.iter().map(|a| a.id.clone()))
                .collect(),
            updates: updates.collect(),
            twin: record
                .spans
                .get("date")
                .and_then(|date| Some((twin_key(&record.text, &date)?, date))),
            published: m.status == Status::Published,
        }
    }
}

/// The rules of one meeting file alone, remembered by its content in `memo`.
fn own_rules(
    root: &Path,
    id: &MeetingId,
    config: Option<&Config>,
    memo: &Memo,
) -> Result<Own, Diagnostic> {
    let file = id.relative_path();
    let text = read(root, &file)?;
    let key = checks::key(text.as_bytes());
    if let Some(own) = memo.get(id.as_str(), key) {
        return Ok(own);
    }
    let own = match archive::parse_record(id.clone(), file, text) {
        Err(problems) => Own::Unparsed(problems.iter().map(Diagnostic::keep).collect()),
        Ok(record) => {
            let (mut meeting, mut leads) = (Vec::new(), Vec::new());
            Rules::new(&record, config, &mut meeting).meeting();
            Rules::new(&record, config, &mut leads).leads();
            let keep = |found: Vec<Diagnostic>| found.iter().map(Diagnostic::keep).collect();
            Own::Parsed {
                findings: Findings {
                    meeting: keep(meeting),
                    leads: keep(leads),
                },
                facts: Facts::of(&record),
            }
        }
    };
    memo.put(id.as_str(), key, &own);
    Ok(own)
}

/// The text of a meeting file, read again for a rule across files that
/// found a problem in it (rarely: the files are not kept).
struct Texts<'a> {
    root: &'a Path,
}

impl Texts<'_> {
    fn of(&self, id: &MeetingId) -> Option<String> {
        read(self.root, &id.relative_path()).ok()
    }

    /// The meeting `id`, read and parsed again.
    fn record(&self, id: &MeetingId) -> Option<Record> {
        let text = self.of(id)?;
        archive::parse_record(id.clone(), id.relative_path(), text).ok()
    }
}

fn read(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    crate::fsio::read_text(&root.join(file), file).map_err(|e| match e {
        crate::error::Error::Invalid(mut d) if !d.is_empty() => d.remove(0),
        other => Diagnostic::file(file, other.to_string()),
    })
}

/// A link or a special file under `meetings/`: never read, and an error,
/// since it may stand for meetings that the archive does not really hold.
fn unreadable(root: &Path, path: &Path) -> Option<Diagnostic> {
    use crate::fsio::Kind;
    match Kind::at(&root.join(path)).ok()? {
        Kind::File | Kind::Folder => None,
        kind => Some(crate::fsio::read::refusal(path, path, kind)),
    }
}

/// A file under `meetings/` that is not read: an error when it is a
/// meeting (or translation) in the wrong folder, since the meeting is then
/// missing; a warning for anything else (an editor's backup, notes), which
/// is only not a meeting.
fn stray(path: &Path) -> Diagnostic {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let shaped = name.strip_suffix(".toml").and_then(|stem| {
        let (id, lang) = match stem.split_once('.') {
            Some((id, lang)) => (id, Some(lang)),
            None => (stem, None),
        };
        MeetingId::parse(id)
            .ok()
            .filter(|_| lang.is_none_or(|lang| lang.parse::<crate::id::Lang>().is_ok()))
    });
    match shaped {
        Some(id) => Diagnostic::file(path, "this meeting file is in the wrong folder, so it is not read")
            .with_help(format!("move it to {}", id.relative_path().with_file_name(name).display())),
        None => Diagnostic::file(path, "this file is not a meeting, so it is not read")
            .with_help("meeting files are named meetings/<year>/<date>.toml, translations <date>.<lang>.toml")
            .warning(),
    }
}

/// The text before and after the date, as one key: two files with the
/// same are one meeting under two dates.
fn twin_text<'t>(text: &'t str, date: &Range<usize>) -> Option<(&'t str, &'t str)> {
    Some((text.get(..date.start)?, text.get(date.end..)?))
}

fn twin_key(text: &str, date: &Range<usize>) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let (before, after) = twin_text(text, date)?;
    let mut hasher = std::hash::DefaultHasher::new();
    (before, after).hash(&mut hasher);
    Some(hasher.finish())
}

/// Meetings whose files differ in their date alone: one meeting under two
/// ids, as an interrupted move leaves it (or a copy made by hand).
fn twins(
    parsed: &[Parsed<'_>],
    texts: &Texts<'_>,
    selected: impl Fn(&MeetingId) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<u64, &MeetingId> = HashMap::new();
    for (id, _, facts) in parsed {
        let Some((key, date)) = &facts.twin else {
            continue;
        };
        let Some(first) = seen.insert(*key, id) else {
            continue;
        };
        if !selected(first) && !selected(id) {
            continue;
        }
        // The keys agree: the texts say whether the files do.
        let (Some(text), Some(first_text)) = (texts.of(id), texts.of(first)) else {
            continue;
        };
        let first_date = parsed
            .iter()
            .find(|(i, ..)| *i == first)
            .and_then(|(.., f)| f.twin.as_ref().map(|(_, d)| d.clone()));
        let same = first_date
            .and_then(|d| twin_text(&first_text, &d))
            .is_some_and(|pair| twin_text(&text, date) == Some(pair));
        if !same {
            continue;
        }
        let (file, first_file) = (id.relative_path(), first.relative_path());
        out.push(
            Diagnostic::at(
                &file,
                &text,
                date.clone(),
                format!(
                    "this is meeting {first} under a second date: the two files differ in their date alone"
                ),
            )
            .with_help(format!(
                "an interrupted move leaves a meeting under two dates: keep the file of the right date and remove the other ({} or {})",
                first_file.display(),
                file.display()
            )),
        );
    }
}

/// Every action of the archive: which meeting agreed it, for `updates`.
struct ActionIndex<'a> {
    by_ref: HashSet<(&'a str, &'a str)>,
    meetings: HashMap<&'a str, &'a MeetingId>,
    /// Meetings whose file does not read: what they agreed is unknown.
    broken: &'a HashSet<MeetingId>,
}

impl<'a> ActionIndex<'a> {
    fn new(parsed: &'a [Parsed<'a>], broken: &'a HashSet<MeetingId>) -> Self {
        let mut by_ref = HashSet::new();
        let mut meetings = HashMap::new();
        for (id, _, facts) in parsed {
            meetings.insert(id.as_str(), *id);
            for action in &facts.actions {
                by_ref.insert((id.as_str(), action.as_str()));
            }
        }
        ActionIndex {
            by_ref,
            meetings,
            broken,
        }
    }
}

/// Updates name real actions of earlier meetings.
fn updates(
    id: &MeetingId,
    facts: &Facts,
    index: &ActionIndex<'_>,
    texts: &Texts<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let mut text = None;
    for (action_ref, span) in &facts.updates {
        let problem = match action_ref.split_once('#') {
            None => Some((
                format!("`{action_ref}` does not name an action"),
                "write it as <meeting id>#<action id>, e.g. \"2025-01-21#a2\"",
            )),
            Some((meeting, action)) => match index.meetings.get(meeting) {
                // That file's own problems are reported (or, when it is not
                // among those checked, `minutes check` finds them).
                None if index.broken.iter().any(|id| id.as_str() == meeting) => None,
                None => Some((
                    format!("there is no meeting {meeting}"),
                    "`minutes actions --all` lists the actions of the archive",
                )),
                Some(agreed) if agreed.date() >= id.date() => Some((
                    format!("{meeting} is not earlier than this meeting"),
                    "updates record what became of actions of earlier meetings",
                )),
                Some(_) if !index.by_ref.contains(&(meeting, action)) => Some((
                    format!("meeting {meeting} has no action `{action}`"),
                    "`minutes actions --all` lists the actions of the archive",
                )),
                Some(_) => None,
            },
        };
        let Some((message, help)) = problem else {
            continue;
        };
        let text = text.get_or_insert_with(|| texts.of(id).unwrap_or_default());
        out.push(Diagnostic::at(&id.relative_path(), text, span.clone(), message).with_help(help));
    }
}

/// A published meeting has a translation into each publication language
/// ([`Rules::translations`], run on the meeting read again when one lacks).
fn translations(
    id: &MeetingId,
    facts: &Facts,
    texts: &Texts<'_>,
    config: Option<&Config>,
    present: &[(MeetingId, Lang)],
    out: &mut Vec<Diagnostic>,
) {
    let Some(config) = config.filter(|_| facts.published) else {
        return;
    };
    let lacks = config
        .publication_languages()
        .iter()
        .any(|lang| !present.iter().any(|(i, l)| i == id && l == lang));
    if let Some(record) = lacks.then(|| texts.record(id)).flatten() {
        Rules::new(&record, Some(config), out).translations(present);
    }
}

/// The rules of one meeting, writing what they find into `out`.
struct Rules<'a> {
    record: &'a Record,
    /// The record's lines, counted at the first problem found.
    lines: std::cell::OnceCell<crate::diagnostic::Lines<'a>>,
    config: Option<&'a Config>,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Rules<'a> {
    fn new(record: &'a Record, config: Option<&'a Config>, out: &'a mut Vec<Diagnostic>) -> Self {
        Rules {
            record,
            lines: std::cell::OnceCell::new(),
            config,
            out,
        }
    }

    fn at(&self, path: &str) -> Range<usize> {
        self.record.spans.get(path).unwrap_or(0..0)
    }

    fn error(&mut self, path: &str, message: String, help: Option<String>) -> &mut Diagnostic {
        let record = self.record;
        let lines = self
            .lines
            .get_or_init(|| crate::diagnostic::Lines::new(&record.text));
        let mut d = lines.at(&record.file, self.at(path), message);
        d.help = help;
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }

    fn warn(&mut self, path: &str, message: String, help: Option<String>) {
        self.error(path, message, help).severity = crate::diagnostic::Severity::Warning;
    }

    fn meeting(&mut self) {
        let m = &self.record.meeting;
        let id = &self.record.id;
        if m.schema != SCHEMA_VERSION {
            let help = format!(
                "this version of minutes reads schema {SCHEMA_VERSION}; upgrade minutes or fix the number"
            );
            self.error(
                "schema",
                format!("unknown schema version {}", m.schema),
                Some(help),
            );
        }
        if m.date != id.date() {
            let help = format!(
                "set date = {} or rename the file with `minutes redate`",
                id.date()
            );
            self.error(
                "date",
                format!("the date {} disagrees with the file name {id}", m.date),
                Some(help),
            );
        }
        if m.status == Status::Published && m.publication.as_ref().and_then(|p| p.date).is_none() {
            let help = format!("add\n\n[publication]\ndate = {}", m.date);
            self.error(
                "status",
                "a published meeting needs a publication date".into(),
                Some(help),
            );
        }
        self.series();
        self.people();
        self.attendees();
        self.unique_ids();
        self.times();
        self.links();
        self.cancelled();
        self.structure();
        self.refs();
    }

    fn series(&mut self) {
        let Some(config) = self.config else { return };
        let m = &self.record.meeting;
        let name = match &m.series {
            Some(name) => name.as_str(),
            None if config.series.len() > 1 => {
                let names: Vec<_> = config.series.keys().map(String::as_str).collect();
                let help = format!("add series = \"...\" with one of: {}", names.join(", "));
                self.error(
                    "date",
                    "this archive has several series; the meeting must say which".into(),
                    Some(help),
                );
                return;
            }
            None => config.default_series().unwrap_or_default(),
        };
        let Some(schedule) = config.schedules.get(name) else {
            let names: Vec<_> = config.series.keys().map(String::as_str).collect();
            let help = match crate::diagnostic::did_you_mean(name, names.iter().copied()) {
                Some(close) => format!("did you mean \"{close}\"?"),
                None => format!("the series in minutes.toml are: {}", names.join(", ")),
            };
            self.error("series", format!("unknown series `{name}`"), Some(help));
            return;
        };
        if schedule.is_skipped(m.date) {
            let help = "remove the date from `skip` in minutes.toml if the call does take place"
                .to_string();
            self.warn(
                "date",
                format!("{} is a skipped date of series `{name}`", m.date),
                Some(help),
            );
        } else if !schedule.is_scheduled(m.date) {
            let help = match schedule.periods.is_empty() {
                true => "fine for an extra call; otherwise move it with `minutes redate`",
                false => {
                    "fine for an extra call; otherwise move it with `minutes redate`, \
                     or give the series a period in minutes.toml for the schedule it kept"
                }
            };
            self.warn(
                "date",
                format!(
                    "{} is not on the schedule of series `{name}`: {}",
                    m.date,
                    schedule.why_not(m.date)
                ),
                Some(help.to_string()),
            );
        }
        let planned = m.timeboxed();
        let duration = schedule.duration_minutes(m.date);
        if i64::from(planned) > duration {
            let help = "shorten some timeboxes or move an item to the next call".to_string();
            let message = format!(
                "the timeboxes add up to {}, more than the {} of the call",
                crate::plural::count(planned as usize, "minute"),
                duration
            );
            self.warn("items", message, Some(help));
        }
    }

    /// Where the `i`-th handle of `key` sits: `chair[1]` when the file
    /// gives a list, `chair` when it gives one handle.
    fn handle_path(&self, key: &str, i: usize) -> String {
        let listed = format!("{key}[{i}]");
        match self.record.spans.get(&listed) {
            Some(_) => listed,
            None => key.to_string(),
        }
    }

    fn people(&mut self) {
        let m = &self.record.meeting;
        let mut named: Vec<(String, &str)> = Vec::new();
        for (key, list) in [("chair", &m.chair), ("scribe", &m.scribe)] {
            named.extend(
                list.iter()
                    .enumerate()
                    .map(|(i, p)| (self.handle_path(key, i), p.as_str())),
            );
        }
        named.extend(
            m.present
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("present[{i}]"), p.as_str())),
        );
        named.extend(
            m.regrets
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("regrets[{i}]"), p.as_str())),
        );
        for (i, a) in m.attendees.iter().enumerate() {
            named.extend(a.who.as_deref().map(|p| (format!("attendees[{i}].who"), p)));
        }
        for (i, item) in m.items.iter().enumerate() {
            named.extend(
                item.presenter
                    .as_deref()
                    .map(|p| (format!("items[{i}].presenter"), p)),
            );
            for (j, action) in item.actions.iter().enumerate() {
                named.extend(
                    action
                        .owner
                        .as_deref()
                        .map(|p| (format!("items[{i}].actions[{j}].owner"), p)),
                );
            }
        }
        let Some(config) = self.config.filter(|c| !c.people.is_empty()) else {
            return;
        };
        // An empty handle is a blank left to fill in (a new agenda has them).
        for (path, handle) in named.into_iter().filter(|(_, h)| !h.is_empty()) {
            if config.people.contains_key(handle) {
                continue;
            }
            let help = match config.handle_of(handle) {
                Some(known) => format!(
                    "the roster knows \"{handle}\" as `{known}`; write the handle: \"{known}\""
                ),
                None => match crate::diagnostic::did_you_mean(
                    handle,
                    config.people.keys().map(String::as_str),
                ) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "add `{handle} = \"Full Name\"` under [people] in minutes.toml, \
                         or write a guest as name = \"...\" in [[attendees]]"
                    ),
                },
            };
            self.error(
                &path,
                format!("`{handle}` is not in the roster of minutes.toml"),
                Some(help),
            );
        }
    }

    fn unique_ids(&mut self) {
        let m = &self.record.meeting;
        let mut items: HashMap<&str, usize> = HashMap::new();
        let mut actions: HashMap<&str, (usize, usize)> = HashMap::new();
        for (i, item) in m.items.iter().enumerate() {
            let path = if self.record.spans.get(&format!("items[{i}].id")).is_some() {
                format!("items[{i}].id")
            } else {
                format!("items[{i}].title")
            };
            if !id::is_slug(&item.id) {
                let help = format!(
                    "use lower-case letters, digits and dashes, e.g. \"{}\"",
                    id::slug(&item.id)
                );
                self.error(
                    &path,
                    format!("the item id `{}` is not a valid id", item.id),
                    Some(help),
                );
            }
            if let Some(first) = items.insert(&item.id, i) {
                let help = format!(
                    "item {} has the same id; give one of them `id = \"...\"`",
                    first + 1
                );
                self.error(
                    &path,
                    format!("duplicate item id `{}`", item.id),
                    Some(help),
                );
            }
            for (j, action) in item.actions.iter().enumerate() {
                let path = format!("items[{i}].actions[{j}].id");
                if let Some((fi, _)) = actions.insert(&action.id, (i, j)) {
                    let help = format!(
                        "item {} already has an action `{}`; ids are unique in the meeting",
                        fi + 1,
                        action.id
                    );
                    self.error(
                        &path,
                        format!("duplicate action id `{}`", action.id),
                        Some(help),
                    );
                }
            }
        }
    }
}

/// An overlay as `check` read it: its text, and where its values sit.
struct ParsedOverlay {
    text: String,
    overlay: Overlay,
    spans: crate::schema::Spans,
}

/// The meeting an overlay translates, as `check` found it.
enum Original<'a> {
    /// The ids of its items.
    Read(&'a [String]),
    /// Its file exists but does not read: its own problems are reported.
    Broken,
    Missing,
}

/// Checks one overlay; gives it back parsed, for the history's checks.
fn check_overlay(
    root: &Path,
    id: &MeetingId,
    lang: &Lang,
    meeting: Original<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<ParsedOverlay> {
    let file = id.overlay_path(lang);
    let text = match read(root, &file) {
        Ok(text) => text,
        Err(d) => {
            out.push(d);
            return None;
        }
    };
    let (overlay, spans): (Overlay, _) = match source::parse(&file, &text, translation::FIELDS) {
        Ok(parsed) => parsed,
        Err(problems) => {
            out.extend(problems);
            return None;
        }
    };
    let items = match meeting {
        Original::Read(items) => items,
        Original::Broken => return None,
        Original::Missing => {
            let help = format!(
                "translations sit beside their meeting, {}",
                id.relative_path().display()
            );
            out.push(
                Diagnostic::file(&file, format!("there is no meeting {id} to translate"))
                    .with_help(help),
            );
            return None;
        }
    };
    for key in overlay.items.keys() {
        if !items.contains(key) {
            let ids: Vec<_> = items.iter().map(String::as_str).collect();
            let help = match crate::diagnostic::did_you_mean(key, ids.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the items of {id} are: {}", ids.join(", ")),
            };
            let span = spans.get(&format!("items.{key}")).unwrap_or(0..0);
            out.push(
                Diagnostic::at(
                    &file,
                    &text,
                    span,
                    format!("meeting {id} has no item `{key}`"),
                )
                .with_help(help),
            );
        }
    }
    Some(ParsedOverlay {
        text,
        overlay,
        spans,
    })
}

/// Warns about translated items whose original text changed in commits
/// after the overlay was last committed.
fn stale_overlay(
    timeline: &Timeline,
    log: &MeetingLog,
    parsed: &ParsedOverlay,
    id: &MeetingId,
    lang: &Lang,
    out: &mut Vec<Diagnostic>,
) {
    let file = id.overlay_path(lang);
    let Ok(stale) = history::stale_translations(timeline, log, &file) else {
        return;
    };
    let ParsedOverlay {
        text,
        overlay,
        spans,
    } = parsed;
    let language = history::language_name(lang);
    for s in stale.iter().filter(|s| overlay.items.contains_key(&s.item)) {
        let span = spans.get(&format!("items.{}", s.item)).unwrap_or(0..0);
        let what = crate::diff::join_and(&s.parts);
        out.push(
            Diagnostic::at(
                &file,
                text,
                span,
                format!(
                    "the {language} translation of \"{}\" predates {} to its {what}",
                    s.item,
                    crate::plural::count(s.changes, "change")
                ),
            )
            .with_help(format!(
                "`minutes log {id}` shows what changed; bring the translation up to date and commit it"
            ))
            .warning(),
        );
    }
}
