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
pub mod merge_file;
pub mod new;
pub mod next;
pub mod redate;
pub mod render;
pub mod search;
pub mod setup;
pub mod show;
pub mod sources;
pub mod status;
pub mod sync;
mod table;
pub mod templates;
pub mod topics;

use std::path::{Path, PathBuf};

use crate::archive::{Archive, Loaded};
use crate::check::Report;
use crate::error::Result;
use crate::git::Repo;
use crate::history::Timeline;
use crate::id::MeetingId;

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
        Archive::open(&self.dir)
    }

    /// Every meeting of the archive that can be read, oldest first, through
    /// the index unless `--no-index` says otherwise; the others are left out
    /// with a note, so that one broken file does not stop a listing.
    /// `detail` says whether the notes are needed.
    pub fn meetings(&self, archive: &Archive, detail: crate::index::Detail) -> Result<Vec<Loaded>> {
        let index = if self.no_index {
            None
        } else {
            crate::index::locate(&archive.root)
        };
        let loaded = crate::index::meetings(&archive.root, index.as_deref(), detail)?;
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

    /// The history of the archive at `root`, read through the index of its
    /// history unless `--no-index` says otherwise.
    pub fn history(&self, root: &Path) -> Result<Timeline> {
        let repo = Repo::open(root)?;
        let index = (!self.no_index).then(|| crate::index::folder(repo.git_dir()));
        Ok(Timeline::new(repo, index))
    }

    /// Validates the archive at `root` as `minutes check` does: minutes.toml
    /// and the meetings `only` (all when empty) with their translations,
    /// and, when the whole archive is checked, its templates after the rest.
    pub fn check(&self, root: &Path, only: &[MeetingId]) -> Result<Report> {
        let history = self.history(root).ok();
        let mut report = crate::check::check(root, only, history.as_ref())?;
        if only.is_empty() {
            report
                .diagnostics
                .extend(crate::render::check_templates(root)?);
        }
        Ok(report)
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
    Sync(sync::Options),
    MergeFile(merge_file::Options),
    SetupGit,
    SetupCi {
        forge: setup::Forge,
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
        Command::Sync(options) => sync::run(global, options),
        Command::MergeFile(options) => merge_file::run(global, options),
        Command::SetupGit => setup::git(global),
        Command::SetupCi { forge, force } => setup::ci(global, forge, force),
    }
}
