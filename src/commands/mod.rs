//! One module per subcommand, each a few dozen lines over the library.
//!
//! A command receives plain options (never clap types) and the global
//! settings, does its work through the library, and prints its result.

pub mod agenda;
pub mod blame;
pub mod check;
pub mod commit;
pub mod diff;
pub mod edit;
pub mod init;
pub mod list;
pub mod log;
pub mod new;
pub mod next;
pub mod redate;
pub mod show;
pub mod status;

use std::path::PathBuf;

use crate::archive::Archive;
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
        Command::Commit(options) => commit::run(global, options),
        Command::Log(options) => log::run(global, options),
        Command::Diff(options) => diff::run(global, options),
        Command::Blame { meeting } => blame::run(global, &meeting),
        Command::Redate(options) => redate::run(global, options),
        Command::Status => status::run(global),
    }
}
