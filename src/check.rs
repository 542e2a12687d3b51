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

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use crate::archive::{self, Entry, Record};
use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::history::{self, MeetingLog, Timeline};
use crate::id::{self, Lang, MeetingId};
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
pub fn check(root: &Path, only: &[MeetingId], timeline: Option<&Timeline>) -> Result<Report> {
    let shown = Path::new(config::FILE_NAME);
    let mut diagnostics = Vec::new();
    let config = match read(root, shown) {
        Ok(text) => Config::parse(shown, &text)
            .map_err(|d| diagnostics.extend(d))
            .ok(),
        Err(d) => {
            diagnostics.push(d);
            None
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

    let mut records = Vec::new();
    // Meetings whose file exists but does not read: their own problems are
    // reported, not those of the updates and translations that name them.
    let mut broken = HashSet::new();
    let mut overlays = Vec::new();
    let mut files = 1;
    for entry in archive::entries(root)? {
        match entry {
            Entry::Meeting(id) => {
                let problems = match read(root, &id.relative_path()) {
                    Ok(text) => match archive::parse_record(id.clone(), id.relative_path(), text) {
                        Ok(record) => {
                            records.push(record);
                            continue;
                        }
                        Err(problems) => problems,
                    },
                    Err(d) => vec![d],
                };
                if selected(&id) {
                    diagnostics.extend(problems);
                }
                broken.insert(id);
            }
            Entry::Overlay(id, lang) if selected(&id) => overlays.push((id, lang)),
            Entry::Overlay(..) => {}
            Entry::Stray(path) if only.is_empty() => {
                diagnostics.push(unreadable(root, &path).unwrap_or_else(|| stray(&path)))
            }
            Entry::Stray(_) => {}
        }
    }

    twins(&records, selected, &mut diagnostics);
    let index = ActionIndex::new(&records, &broken);
    for record in records.iter().filter(|r| selected(&r.id)) {
        files += 1;
        let mut rules = Rules {
            record,
            lines: std::cell::OnceCell::new(),
            config: config.as_ref(),
            out: &mut diagnostics,
        };
        rules.meeting();
        rules.updates(&index);
        rules.leads();
        rules.translations(&overlays);
    }
    let publish = config
        .as_ref()
        .map(Config::publication_languages)
        .unwrap_or_default();
    let mut logs: HashMap<MeetingId, MeetingLog> = HashMap::new();
    for (id, lang) in overlays {
        files += 1;
        let meeting = records.iter().find(|r| r.id == id);
        let original = match meeting {
            Some(record) => Original::Read(record),
            None if broken.contains(&id) => Original::Broken,
            None => Original::Missing,
        };
        let parsed = check_overlay(root, &id, &lang, original, &mut diagnostics);
        if let Some(parsed) = &parsed {
            let file = id.overlay_path(&lang);
            publication::overlay(meeting, parsed, &file, &lang, &publish, &mut diagnostics);
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

/// Meetings whose files differ in their date alone: one meeting under two
/// ids, as an interrupted move leaves it (or a copy made by hand).
fn twins(records: &[Record], selected: impl Fn(&MeetingId) -> bool, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Record> = HashMap::new();
    for record in records {
        let Some(date) = record.spans.get("date") else {
            continue;
        };
        let (Some(before), Some(after)) =
            (record.text.get(..date.start), record.text.get(date.end..))
        else {
            continue;
        };
        let key = format!("{before}\u{0}{after}");
        let Some(first) = seen.insert(key, record) else {
            continue;
        };
        if !selected(&first.id) && !selected(&record.id) {
            continue;
        }
        out.push(
            Diagnostic::at(
                &record.file,
                &record.text,
                date,
                format!(
                    "this is meeting {} under a second date: the two files differ in their date alone",
                    first.id
                ),
            )
            .with_help(format!(
                "an interrupted move leaves a meeting under two dates: keep the file of the right date and remove the other ({} or {})",
                first.file.display(),
                record.file.display()
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
    fn new(records: &'a [Record], broken: &'a HashSet<MeetingId>) -> Self {
        let mut by_ref = HashSet::new();
        let mut meetings = HashMap::new();
        for record in records {
            meetings.insert(record.id.as_str(), &record.id);
            for item in &record.meeting.items {
                for action in &item.actions {
                    by_ref.insert((record.id.as_str(), action.id.as_str()));
                }
            }
        }
        ActionIndex {
            by_ref,
            meetings,
            broken,
        }
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

impl Rules<'_> {
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

    fn updates(&mut self, index: &ActionIndex<'_>) {
        let m = &self.record.meeting;
        for (i, update) in m.updates.iter().enumerate() {
            let path = format!("updates[{i}].action");
            let Some((meeting, action)) = update.action.split_once('#') else {
                let help =
                    "write it as <meeting id>#<action id>, e.g. \"2025-01-21#a2\"".to_string();
                self.error(
                    &path,
                    format!("`{}` does not name an action", update.action),
                    Some(help),
                );
                continue;
            };
            match index.meetings.get(meeting) {
                // That file's own problems are reported (or, when it is not
                // among those checked, `minutes check` finds them).
                None if index.broken.iter().any(|id| id.as_str() == meeting) => {}
                None => {
                    let help =
                        "`minutes actions --all` lists the actions of the archive".to_string();
                    self.error(&path, format!("there is no meeting {meeting}"), Some(help));
                }
                Some(agreed) if agreed.date() >= self.record.id.date() => {
                    let help =
                        "updates record what became of actions of earlier meetings".to_string();
                    self.error(
                        &path,
                        format!("{meeting} is not earlier than this meeting"),
                        Some(help),
                    );
                }
                Some(_) if !index.by_ref.contains(&(meeting, action)) => {
                    let help =
                        "`minutes actions --all` lists the actions of the archive".to_string();
                    self.error(
                        &path,
                        format!("meeting {meeting} has no action `{action}`"),
                        Some(help),
                    );
                }
                Some(_) => {}
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
    Read(&'a Record),
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
    let record = match meeting {
        Original::Read(record) => record,
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
        if !record.meeting.items.iter().any(|i| &i.id == key) {
            let ids: Vec<_> = record.meeting.items.iter().map(|i| i.id.as_str()).collect();
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
