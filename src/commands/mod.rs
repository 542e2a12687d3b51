//! One module per subcommand, each a few dozen lines over the library.
//!
//! A command receives plain options (never clap types) and the global
//! settings, does its work through the library, and prints its result.

pub mod actions;
pub mod agenda;
pub mod attendance;
pub mod blame;
pub mod check;
pub mod commit;
pub mod decisions;
pub mod diff;
pub mod edit;
pub mod init;
pub mod list;
pub mod log;
pub mod new;
pub mod next;
pub mod redate;
pub mod render;
pub mod search;
pub mod show;
pub mod sources;
pub mod status;
mod table;
pub mod templates;
pub mod topics;

use std::path::PathBuf;

use crate::archive::{Archive, Loaded};
use crate::error::Result;

/// Settings that every command shares.
#[derive(Debug, Clone)]
pub struct Global {
    /// Where to look for the archive (`-C`).
    pub dir: PathBuf,
    pub json: bool,
    pub quiet: bool,
    /// Say more on stderr: what the index did.
    pub verbose: bool,
    /// Read every file instead of using the index.
    pub no_index: bool,
}

impl Global {
    pub fn archive(&self) -> Result<Archive> {
        let mut archive = Archive::open(&self.dir)?;
        archive.use_index = !self.no_index;
        Ok(archive)
    }

    /// Every meeting of the archive that can be read, through the index;
    /// the others are left out with a note, so that one broken file does
    /// not stop a listing. `detail` says whether the notes are needed.
    pub fn meetings(&self, archive: &Archive, detail: crate::index::Detail) -> Result<Vec<Loaded>> {
        let loaded = archive.meetings(detail)?;
        if self.verbose {
            crate::ui::note(false, &loaded.report);
        }
        if loaded.unreadable > 0 {
            self.note(&format!(
                "{} meeting file(s) could not be read and were left out; `minutes check` shows why",
                loaded.unreadable
            ));
        }
        Ok(loaded.meetings)
    }

    /// Takes the archive lock for a command that writes, after finishing
    /// what a crashed writer left (and saying so).
    pub fn lock(&self, archive: &Archive) -> Result<crate::lock::Lock> {
        let lock = crate::lock::Lock::acquire(&archive.root, &|text| self.note(text))?;
        for done in lock.recover(&archive.root)? {
            self.note(&done);
        }
        Ok(lock)
    }

    pub fn note(&self, text: &str) {
        crate::ui::note(self.quiet || self.json, text);
    }
}

/// A subcommand with its options.
#[derive(Debug)]
pub enum Command {
    Init(init::Options),
    New(new::Options),
    AgendaAdd(agenda::Options),
    Edit {
        meeting: String,
    },
    Check {
        meetings: Vec<String>,
    },
    List(list::Options),
    Show {
        meeting: String,
        at: Option<String>,
    },
    Next {
        count: usize,
        series: Option<String>,
    },
    Render(render::Options),
    TemplatesList,
    TemplatesEject {
        name: String,
        force: bool,
    },
    Actions(actions::Options),
    Topics,
    Topic {
        tag: String,
    },
    Decisions(decisions::Options),
    Sources {
        kind: Option<String>,
    },
    Search(search::Options),
    Attendance {
        since: Option<String>,
    },
    Commit(commit::Options),
    Log(log::Options),
    Diff(diff::Options),
    Blame {
        meeting: String,
    },
    Redate(redate::Options),
    Status,
}

/// Runs `command`; the exit code follows from the result.
pub fn run(global: &Global, command: Command) -> Result<()> {
    match command {
        Command::Init(options) => init::run(global, options),
        Command::New(options) => new::run(global, options),
        Command::AgendaAdd(options) => agenda::run(global, options),
        Command::Edit { meeting } => edit::run(global, &meeting),
        Command::Check { meetings } => check::run(global, &meetings),
        Command::List(options) => list::run(global, options),
        Command::Show { meeting, at } => show::run(global, &meeting, at.as_deref()),
        Command::Next { count, series } => next::run(global, count, series.as_deref()),
        Command::Render(options) => render::run(global, options),
        Command::TemplatesList => templates::list(global),
        Command::TemplatesEject { name, force } => templates::eject(global, &name, force),
        Command::Actions(options) => actions::run(global, options),
        Command::Topics => topics::list(global),
        Command::Topic { tag } => topics::dossier(global, &tag),
        Command::Decisions(options) => decisions::run(global, options),
        Command::Sources { kind } => sources::run(global, kind.as_deref()),
        Command::Search(options) => search::run(global, options),
        Command::Attendance { since } => attendance::run(global, since.as_deref()),
        Command::Commit(options) => commit::run(global, options),
        Command::Log(options) => log::run(global, options),
        Command::Diff(options) => diff::run(global, options),
        Command::Blame { meeting } => blame::run(global, &meeting),
        Command::Redate(options) => redate::run(global, options),
        Command::Status => status::run(global),
    }
}
