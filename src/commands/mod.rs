//! One module per subcommand, each a few dozen lines over the library.
//!
//! A command receives plain options (never clap types) and the global
//! settings, does its work through the library, and prints its result.

pub mod agenda;
pub mod check;
pub mod edit;
pub mod init;
pub mod list;
pub mod new;
pub mod next;
pub mod render;
pub mod show;
pub mod templates;

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

    /// Every meeting of the archive, with a note on unreadable files.
    pub fn meetings(
        &self,
        archive: &Archive,
        detail: crate::index::Detail,
    ) -> Result<Vec<(crate::id::MeetingId, crate::meeting::Meeting)>> {
        let loaded = archive.meetings(detail)?;
        if self.verbose {
            crate::ui::note(false, &loaded.report);
        }
        if loaded.unreadable > 0 {
            self.note(&format!(
                "{} meeting file(s) could not be read; `minutes check` shows why",
                loaded.unreadable
            ));
        }
        Ok(loaded.meetings)
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
        Command::Render(options) => render::run(global, options),
        Command::TemplatesList => templates::list(global),
        Command::TemplatesEject { name, force } => templates::eject(global, &name, force),
    }
}
