//! From files to meetings: every file read, the roster made over all of
//! them, then each draft made a meeting with its id, its text and its
//! report.
//!
//! A file's date is its name's (or, with `--date-from heading`, its
//! heading's); a file with neither is an error that stops the import
//! before anything is written. Revisions of one file (a chain followed
//! across renames) share the id of the chain's last revision, so that a
//! meeting keeps one file through its history.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::config::Person as Known;
use crate::diagnostic::Diagnostic;
use crate::id::{self, MeetingId};
use crate::meeting::{Action, Attendee, Item, Meeting, Origin, SCHEMA_VERSION, Status};

use super::engine::DraftItem;
use super::ids::{self, Named};
use super::ledger::Fate;
use super::people::Mention;
use super::report::{FileReport, Line};
use super::roster::{Roster, Seen, Who};
use super::{ProfileChoice, Read, dates, read};

/// One revision of one source file.
#[derive(Clone, Debug)]
pub struct Input {
    /// Relative to the source, with `/`.
    pub path: String,
    pub text: String,
    /// The source commit of this revision, for a git source.
    pub commit: Option<String>,
    /// The file this is a revision of: revisions of a chain share an id.
    pub chain: usize,
}

/// Where a meeting's date comes from when its name and heading disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFrom {
    File,
    Heading,
}

pub struct Options<'a> {
    pub choice: ProfileChoice,
    pub date_from: DateFrom,
    /// `series = ...` in every meeting (an archive of several series).
    pub series: Option<String>,
    /// The series' name goes into the ids (not the archive's default).
    pub series_in_id: bool,
    /// The roster before the import: the archive's and the `--roster` file's.
    pub known: &'a BTreeMap<String, Known>,
    /// `[origin] source` of every meeting.
    pub source: String,
    /// Called as each file has been read (a progress bar).
    pub on_read: &'a dyn Fn(),
}

/// One input made a meeting.
#[derive(Debug)]
pub struct Done {
    pub id: MeetingId,
    pub meeting: Meeting,
    /// The meeting file's text.
    pub text: String,
    pub report: FileReport,
}

#[derive(Debug)]
pub struct Converted {
    pub roster: Roster,
    /// One per input, in their order.
    pub done: Vec<Done>,
}

/// Converts every input; every file without a date is an error.
pub fn convert(inputs: &[Input], options: &Options<'_>) -> Result<Converted, Vec<Diagnostic>> {
    let reads: Vec<Read> = inputs
        .iter()
        .map(|i| {
            let r = read(&i.text, options.choice);
            (options.on_read)();
            r
        })
        .collect();
    // The date of each input, and the chain's name from its last revision.
    let mut problems = Vec::new();
    let mut dated: Vec<(NaiveDate, Option<NaiveDate>, String)> = Vec::with_capacity(inputs.len());
    for (input, r) in inputs.iter().zip(&reads) {
        let stem = stem(&input.path);
        let named = dates::from_name(stem);
        let heading = r.draft.heading_date;
        let pick = match options.date_from {
            DateFrom::File => named.as_ref().map(|n| (n.date, n.end)).or(heading),
            DateFrom::Heading => heading.or(named.as_ref().map(|n| (n.date, n.end))),
        };
        match pick {
            Some((date, end)) => dated.push((date, end, named.map(|n| n.rest).unwrap_or_default())),
            None => {
                problems.push(
                    Diagnostic::file(
                        Path::new(&input.path),
                        "the file has no date: none in its name, none in its heading",
                    )
                    .with_help("name the file after the meeting's date (2025-01-28.md), or put the date in its title"),
                );
                dated.push((NaiveDate::MIN, None, String::new()));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // One id per chain, from its last revision.
    let mut last: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        last.insert(input.chain, i);
    }
    let chains: Vec<usize> = last.keys().copied().collect();
    let named: Vec<Named> = chains
        .iter()
        .map(|c| {
            let i = last[c];
            Named {
                path: inputs[i].path.clone(),
                date: dated[i].0,
                rest: dated[i].2.clone(),
            }
        })
        .collect();
    let series = options.series.as_deref().filter(|_| options.series_in_id);
    let ids: BTreeMap<usize, MeetingId> = chains
        .iter()
        .copied()
        .zip(ids::assign(&named, series))
        .collect();
    // The roster, over every revision of every file.
    let seen = inputs.iter().zip(&reads).flat_map(|(input, r)| {
        let d = &r.draft;
        let chain = input.chain;
        d.chairs
            .iter()
            .chain(&d.scribes)
            .chain(&d.regrets)
            .map(move |m| Seen {
                meeting: chain,
                mention: m,
                needs_handle: true,
            })
            .chain(d.attendees.iter().map(move |m| Seen {
                meeting: chain,
                mention: m,
                needs_handle: false,
            }))
    });
    let roster = Roster::build(options.known, seen);
    let done = inputs
        .iter()
        .zip(reads)
        .zip(&dated)
        .map(|((input, r), (_, end, _))| {
            let id = ids[&input.chain].clone();
            let end = end.filter(|e| *e > id.date());
            finish(input, r, id, end, &roster, options)
        })
        .collect();
    Ok(Converted { roster, done })
}

/// The file's name without its extension.
fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

fn finish(
    input: &Input,
    r: Read,
    id: MeetingId,
    end_date: Option<NaiveDate>,
    roster: &Roster,
    options: &Options<'_>,
) -> Done {
    let Read {
        profile,
        era,
        confidence,
        fell_back,
        draft,
    } = r;
    let mut warnings = Vec::new();
    if fell_back {
        warnings.push(format!(
            "no profile fits well enough (best {:.0}%): read as generic",
            confidence * 100.0
        ));
    }
    if let Some((heading, _)) = draft.heading_date {
        let named = dates::from_name(stem(&input.path)).map(|n| n.date);
        if named.is_some_and(|n| n != heading) {
            let (kept, other) = match options.date_from {
                DateFrom::File => ("file name", "--date-from heading"),
                DateFrom::Heading => ("heading", "--date-from file"),
            };
            warnings.push(format!(
                "the heading says {heading}, the file name {}: the date is the {kept}'s ({other} takes the other)",
                named.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
    }
    let handles = |list: &[Mention], warnings: &mut Vec<String>| -> Vec<String> {
        let mut out = Vec::new();
        for m in list {
            match roster.who(m) {
                Who::Handle(h) if !out.contains(&h) => out.push(h),
                Who::Handle(_) => {}
                Who::Guest(name) => {
                    warnings.push(format!("\"{name}\" could not be given a handle"))
                }
            }
        }
        out
    };
    let chair = handles(&draft.chairs, &mut warnings);
    let scribe = handles(&draft.scribes, &mut warnings);
    let regrets = handles(&draft.regrets, &mut warnings);
    let mut attendees: Vec<Attendee> = Vec::new();
    let mut listed: HashSet<String> = HashSet::new();
    let mut guests = 0;
    for m in &draft.attendees {
        let who = roster.who(m);
        let key = match &who {
            Who::Handle(h) => h.clone(),
            Who::Guest(name) => crate::query::text::fold(name),
        };
        if !listed.insert(key) {
            warnings.push(format!(
                "{} is listed twice (line {}); kept once",
                m.name, m.line
            ));
            continue;
        }
        let (who, name) = match who {
            Who::Handle(h) => (Some(h), None),
            Who::Guest(name) => {
                guests += 1;
                (None, Some(name))
            }
        };
        attendees.push(Attendee {
            who,
            name,
            role: m.role.clone(),
            affiliation: m.affiliation.clone(),
            note: m.note.clone(),
        });
    }
    let items = items(&draft.items);
    let mut dropped = Vec::new();
    let mut converted = Vec::new();
    let lines: Vec<&str> = input.text.lines().collect();
    let text_of = |n: usize| lines.get(n - 1).copied().unwrap_or("");
    for (n, fate) in draft.ledger.fates(text_of) {
        match fate {
            Fate::Kept | Fate::Dropped("blank") => {}
            Fate::Dropped(category) => dropped.push(Line {
                line: n,
                category,
                text: text_of(n).to_string(),
            }),
            Fate::Converted(category) => converted.push(Line {
                line: n,
                category,
                text: text_of(n).to_string(),
            }),
        }
    }
    let unplaced = dropped.iter().filter(|l| l.category == "unplaced").count();
    if unplaced > 0 {
        warnings.push(format!(
            "{} found no place in the meeting",
            crate::plural::count(unplaced, "line")
        ));
    }
    let meeting = Meeting {
        schema: SCHEMA_VERSION,
        date: id.date(),
        series: options.series.clone(),
        status: Status::Final,
        title: draft.title,
        chair,
        scribe,
        start: None,
        end_date,
        present: Vec::new(),
        regrets,
        attendees,
        links: draft.links,
        preamble: draft.preamble,
        postscript: draft.postscript,
        items,
        updates: Vec::new(),
        publication: None,
        origin: Some(Origin {
            source: options.source.clone(),
            path: Some(input.path.clone()),
            commit: input.commit.clone(),
            profile: Some(profile.name.to_string()),
            era: Some(era.to_string()),
        }),
    };
    let report = FileReport {
        path: input.path.clone(),
        id: id.to_string(),
        profile: profile.name,
        era,
        confidence,
        fell_back,
        items: meeting.items.len(),
        attendees: meeting.attendees.len(),
        guests,
        warnings,
        dropped,
        converted,
        revisions: 0,
    };
    Done {
        text: super::write::meeting(&meeting),
        id,
        meeting,
        report,
    }
}

/// The drafted items with ids (from their titles, numbered where two
/// titles make one id), parents by id, and actions numbered through the
/// meeting.
fn items(drafts: &[DraftItem]) -> Vec<Item> {
    let mut ids: Vec<String> = Vec::with_capacity(drafts.len());
    let mut action = 0;
    let mut out = Vec::with_capacity(drafts.len());
    for d in drafts {
        let item_id = id::free(&id::slug(&d.title), |taken| ids.iter().any(|i| i == taken));
        ids.push(item_id.clone());
        let actions = d
            .actions
            .iter()
            .map(|task| {
                action += 1;
                Action {
                    id: format!("a{action}"),
                    owner: None,
                    task: task.clone(),
                    due: None,
                }
            })
            .collect();
        out.push(Item {
            id: item_id,
            title: d.title.clone(),
            lead: None,
            tags: Vec::new(),
            presenter: None,
            timebox: None,
            private: false,
            section: d.section.clone(),
            discussed: d.discussed,
            refs: d.refs.clone(),
            parent: d.parent.and_then(|p| ids.get(p).cloned()),
            notes: d.notes.clone(),
            decisions: d.decisions.clone(),
            sources: Vec::new(),
            actions,
        });
    }
    out
}
