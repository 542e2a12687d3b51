//! What an import found and did, file by file: the id, the profile and
//! era that read it, how many items, attendees and guests, warnings, and
//! every line that did not end up in the meeting (dropped) or that ended
//! up as a field rather than as text (converted), each with its category.
//! `--report` writes it as JSON; `view::import` shows it on a terminal.

use serde::Serialize;

use super::roster::Proposal;
use super::select::Skip;

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub source: String,
    pub files: Vec<FileReport>,
    pub skipped: Vec<Skipped>,
    pub roster: RosterReport,
    pub history: Option<HistoryReport>,
    pub totals: Totals,
    /// Whether anything was written (not with `--dry-run`).
    pub written: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct FileReport {
    /// The source path (the last one, for a file that was renamed).
    pub path: String,
    pub id: String,
    pub profile: &'static str,
    pub era: &'static str,
    pub confidence: f32,
    /// `auto` found no profile that fits, and read the file as `generic`.
    pub fell_back: bool,
    pub items: usize,
    pub attendees: usize,
    pub guests: usize,
    pub warnings: Vec<String>,
    /// Lines that are in the meeting in no form, by category.
    pub dropped: Vec<Line>,
    /// Lines that became fields (a title, an attendee, a link).
    pub converted: Vec<Line>,
    /// Revisions of the file replayed (with `--history replay`).
    pub revisions: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub line: usize,
    pub category: &'static str,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Skipped {
    pub path: String,
    pub why: Skip,
}

#[derive(Debug, Default, Serialize)]
pub struct RosterReport {
    /// Handles added to the roster.
    pub added: Vec<String>,
    pub guests: usize,
    /// People who may be one: never merged, for a `--roster` file to settle.
    pub proposals: Vec<Proposal>,
}

#[derive(Debug, Default, Serialize)]
pub struct HistoryReport {
    pub mode: &'static str,
    /// Source commits that touched the selected files.
    pub source_commits: usize,
    /// Commits made in the archive.
    pub commits: usize,
    /// Source commits whose changes convert to no change of a meeting.
    pub unchanged: usize,
    /// Source commits an earlier import recorded already.
    pub recorded: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub files: usize,
    pub meetings: usize,
    pub items: usize,
    pub attendees: usize,
    pub guests: usize,
    pub warnings: usize,
    pub dropped: usize,
    pub skipped: usize,
    pub fell_back: usize,
}

impl Report {
    /// Sums the files up.
    pub fn total(&mut self) {
        let f = &self.files;
        self.totals = Totals {
            files: f.len(),
            meetings: f
                .iter()
                .map(|r| r.id.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            items: f.iter().map(|r| r.items).sum(),
            attendees: f.iter().map(|r| r.attendees).sum(),
            guests: self.roster.guests,
            warnings: f.iter().map(|r| r.warnings.len()).sum(),
            dropped: f.iter().map(|r| r.dropped.len()).sum(),
            skipped: self.skipped.len(),
            fell_back: f.iter().filter(|r| r.fell_back).count(),
        };
    }
}
