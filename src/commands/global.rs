//! `Global`: the settings every command shares, made from the global
//! options, and the methods through which commands compose the layers:
//! the archive, its meetings through the index, its history, its check,
//! and the lock of a writing command with the recovery after a crash.

use std::path::{Path, PathBuf};

use crate::archive::{Archive, Loaded};
use crate::check::Report;
use crate::cli::GlobalArgs;
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::history::Timeline;
use crate::id::MeetingId;
use crate::lock::{Lock, Place};

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
    /// `detail` says how much of each is needed.
    pub fn meetings(&self, archive: &Archive, detail: crate::index::Detail) -> Result<Vec<Loaded>> {
        let mut meetings = Vec::new();
        self.visit(archive, detail, &mut |m| meetings.push(m))?;
        Ok(meetings)
    }

    /// [`Global::meetings`] a meeting at a time, oldest first (in the order
    /// of their ids), for a command that keeps only what it needs of each.
    pub fn visit(
        &self,
        archive: &Archive,
        detail: crate::index::Detail,
        each: &mut dyn FnMut(Loaded),
    ) -> Result<()> {
        let index = self.index(archive);
        let visited = crate::index::visit(&archive.root, index.as_deref(), detail, each)?;
        self.visited(&visited);
        Ok(())
    }

    /// The summary of every meeting (what `list` shows of it), oldest
    /// first, through the index unless `--no-index`.
    pub fn summaries(
        &self,
        archive: &Archive,
        each: &mut dyn FnMut(&MeetingId, crate::index::Summary),
    ) -> Result<()> {
        let index = self.index(archive);
        let visited = crate::index::visit_summaries(&archive.root, index.as_deref(), each)?;
        self.visited(&visited);
        Ok(())
    }

    /// The index's folder, unless `--no-index`.
    fn index(&self, archive: &Archive) -> Option<PathBuf> {
        match self.no_index {
            true => None,
            false => crate::index::locate(&archive.root),
        }
    }

    /// Says what the index did (with `-v`) and which files were left out.
    fn visited(&self, visited: &crate::index::Visited) {
        if self.verbose {
            crate::ui::note(false, &visited.report);
        }
        if visited.unreadable > 0 {
            self.note(&format!(
                "left out {} that could not be read; `minutes check` shows why",
                crate::plural::count(visited.unreadable, "meeting file"),
            ));
        }
    }

    /// The history of the archive at `root`, read through the index of its
    /// history unless `--no-index` says otherwise.
    pub fn history(&self, root: &Path) -> Result<Timeline> {
        let repo = Repo::open(root)?;
        let index = (!self.no_index).then(|| crate::index::folder(repo.git_dir()));
        Ok(Timeline::new(repo, index))
    }

    /// [`Global::history`], with the index of the history brought up to
    /// date now, for a command that reads it whole (`log`, `blame`). When
    /// it has to be built from nothing (a fresh clone), the index of the
    /// meetings, if missing too, is built meanwhile on the other cores, so
    /// that the next listing finds it.
    pub fn history_built(&self, root: &Path) -> Result<Timeline> {
        let timeline = self.history(root)?;
        let Some(dir) = (!self.no_index)
            .then(|| crate::index::locate(root))
            .flatten()
        else {
            return Ok(timeline);
        };
        if crate::index::history::built(&dir) {
            return Ok(timeline);
        }
        std::thread::scope(|scope| {
            scope.spawn(|| crate::index::prepare(root, &dir));
            crate::index::history::current(&timeline.repo, &dir).map(drop)
        })?;
        Ok(timeline)
    }

    /// Validates the archive at `root` as `minutes check` does: minutes.toml
    /// and the meetings `only` (all when empty) with their translations,
    /// and, when the whole archive is checked, its templates after the rest.
    /// What each file's own rules found is remembered in the index unless
    /// `--no-index`.
    pub fn check(&self, root: &Path, only: &[MeetingId]) -> Result<Report> {
        let history = self.history(root).ok();
        let cache = match self.no_index {
            true => None,
            false => crate::index::locate(root),
        };
        let mut report = crate::check::check(root, only, history.as_ref(), cache.as_deref())?;
        if only.is_empty() {
            report
                .diagnostics
                .extend(crate::render::check_templates(root)?);
        }
        Ok(report)
    }

    /// Takes the archive lock for a command that writes, after finishing
    /// what a crashed writer left (and saying so).
    /// Runs `check` and, when it finds errors, prints them and fails
    /// with `refusal` of their count ("2 errors").
    pub fn check_or_refuse(
        &self,
        root: &Path,
        only: &[MeetingId],
        refusal: impl FnOnce(String) -> Error,
    ) -> Result<()> {
        let errors: Vec<_> = self
            .check(root, only)?
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        crate::ui::diagnostics(&errors);
        Err(refusal(crate::plural::count(errors.len(), "error")))
    }

    pub fn lock(&self, archive: &Archive) -> Result<Lock> {
        let lock = Lock::acquire(&lock_place(&archive.root), &|text| self.note(text))?;
        self.recover(&lock, &archive.root)?;
        Ok(lock)
    }

    /// Finishes what a crashed writer left in the archive at `root`,
    /// unless a writer is at work now (which then does it) or the lock
    /// cannot be had (a reader of an archive it may not write).
    pub fn recover_if_idle(&self, root: &Path) -> Result<()> {
        if let Ok(Some(lock)) = Lock::try_acquire(&lock_place(root)) {
            self.recover(&lock, root)?;
        }
        Ok(())
    }

    fn recover(&self, lock: &Lock, root: &Path) -> Result<()> {
        for done in lock.recover(root)? {
            self.note(&done);
        }
        let git_dir = crate::git::git_dir(root);
        if let (Some(started), Some(git_dir)) = (lock.crashed_commit(), git_dir) {
            for file in crate::git::remove_crashed_locks(&git_dir, started) {
                self.note(&format!(
                    "removed git's {}, left by an interrupted `minutes commit`",
                    file.display()
                ));
            }
        }
        Ok(())
    }

    pub fn note(&self, text: &str) {
        crate::ui::note(self.quiet || self.json, text);
    }

    pub fn warn(&self, text: &str) {
        crate::ui::warn(self.quiet, text);
    }
}

/// Where the lock of the archive at `root` goes: in the index's folder of
/// its git directory, or on the archive folder outside git.
fn lock_place(root: &Path) -> Place {
    match crate::index::locate(root) {
        Some(folder) => Place::in_git(folder),
        None => Place::outside_git(root),
    }
}
