//! One module per subcommand, each a few dozen lines over the library.
//!
//! A command receives plain options (never clap types) and the global
//! settings, does its work through the library, and prints its result.

pub mod actions;
pub mod agenda;
pub mod attendance;
pub mod check;
pub mod decisions;
pub mod edit;
pub mod init;
pub mod list;
pub mod new;
pub mod next;
pub mod search;
pub mod show;
pub mod sources;
mod table;
pub mod topics;

use std::path::PathBuf;

use crate::archive::{Archive, Record};
use crate::error::Result;

/// Settings that every command shares.
#[derive(Debug, Clone)]
pub struct Global {
    /// Where to look for the archive (`-C`).
    pub dir: PathBuf,
    pub json: bool,
    pub quiet: bool,
}

impl Global {
    pub fn archive(&self) -> Result<Archive> {
        Archive::open(&self.dir)
    }

    pub fn note(&self, text: &str) {
        crate::ui::note(self.quiet || self.json, text);
    }

    /// Every meeting of the archive that can be read; the others are left
    /// out with a note, so that one broken file does not stop a listing.
    pub fn records(&self, archive: &Archive) -> Result<Vec<Record>> {
        let ids = archive.ids()?;
        let records = archive.load_all()?;
        if records.len() < ids.len() {
            self.note(&format!(
                "{} meeting file(s) could not be read and were left out; `minutes check` shows why",
                ids.len() - records.len()
            ));
        }
        Ok(records)
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
    },
    Next {
        count: usize,
        series: Option<String>,
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
        Command::Show { meeting } => show::run(global, &meeting),
        Command::Next { count, series } => next::run(global, count, series.as_deref()),
        Command::Actions(options) => actions::run(global, options),
        Command::Topics => topics::list(global),
        Command::Topic { tag } => topics::dossier(global, &tag),
        Command::Decisions(options) => decisions::run(global, options),
        Command::Sources { kind } => sources::run(global, kind.as_deref()),
        Command::Search(options) => search::run(global, options),
        Command::Attendance { since } => attendance::run(global, since.as_deref()),
    }
}
