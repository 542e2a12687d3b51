//! One module per subcommand, each a few dozen lines over the library.
//!
//! A command receives the typed arguments of [`crate::cli`], parsed once
//! there, and the global settings; it does its work through the library and
//! prints its result. With `cli`, this is the face of the tool: the only
//! code that knows the command line.

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
mod setup;
pub mod show;
pub mod sources;
pub mod status;
mod table;
pub mod templates;
pub mod topics;

use std::path::{Path, PathBuf};

use crate::archive::{Archive, Loaded};
use crate::check::Report;
use crate::cli::{AgendaCommand, Command, GlobalArgs, TemplatesCommand};
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

impl From<&GlobalArgs> for Global {
    fn from(args: &GlobalArgs) -> Global {
        Global {
            dir: args.chdir.clone().unwrap_or_else(|| PathBuf::from(".")),
            json: args.json,
            quiet: args.quiet,
            verbose: args.verbose,
            no_index: args.no_index
                || std::env::var_os("MINUTES_NO_INDEX").is_some_and(|v| v != "0"),
        }
    }
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
                "left out {} that could not be read; `minutes check` shows why",
                crate::plural::count(loaded.unreadable, "meeting file"),
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

/// Runs `command`; the exit code follows from the result.
pub fn run(global: &Global, command: Command) -> Result<()> {
    match command {
        Command::Init(args) => init::run(global, args),
        Command::New(args) => new::run(global, args),
        Command::Agenda(AgendaCommand::Add(args)) => agenda::add(global, args),
        Command::Edit(args) => edit::run(global, &args.meeting),
        Command::Check(args) => check::run(global, &args.meetings),
        Command::List(args) => list::run(global, args),
        Command::Show(args) => show::run(global, &args.meeting, args.at.as_deref()),
        Command::Next(args) => next::run(global, args.count, args.series.as_deref()),
        Command::Render(args) => render::run(global, args),
        Command::Templates(TemplatesCommand::List) => templates::list(global),
        Command::Templates(TemplatesCommand::Eject(args)) => {
            templates::eject(global, &args.name, args.force)
        }
        Command::Actions(args) => actions::run(global, args),
        Command::Topics => topics::list(global),
        Command::Topic(args) => topics::dossier(global, &args.tag),
        Command::Decisions(args) => decisions::run(global, args),
        Command::Sources(args) => sources::run(global, args.kind.as_deref()),
        Command::Search(args) => search::run(global, args),
        Command::Attendance(args) => attendance::run(global, args.since),
        Command::Commit(args) => commit::run(global, args),
        Command::Log(args) => log::run(global, args),
        Command::Diff(args) => diff::run(global, args),
        Command::Blame(args) => blame::run(global, &args.meeting),
        Command::Redate(args) => redate::run(global, args),
        Command::Status => status::run(global),
        Command::Completions(args) => setup::completions(args.shell),
        Command::Man(args) => setup::man(global, &args.dir, args.force),
    }
}
