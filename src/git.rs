//! The only user of git2: the archive's repository, in domain terms.
//!
//! Other modules ask for operations on archive files ("the revisions of this
//! file", "the file as it was at HEAD~2", "record these files"); they never
//! see a git2 type. Paths going in and out are relative to the archive root,
//! which may be a folder inside the repository.
//!
//! The author and the clock of a commit come from git's own rules
//! (`user.name`, `GIT_AUTHOR_NAME`, `GIT_AUTHOR_DATE` ...), so that tests fix
//! them through the environment as they would for git itself.
//!
//! It knows no cache: every question is answered from the repository. The
//! index of the history is built by `index` from [`Repo::steps`], and
//! `history` asks it before walking the commits here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeZone};
use git2::{
    Delta, DiffFindOptions, DiffOptions, ErrorCode, Oid, Repository, RepositoryState, Signature,
    Sort, Status, StatusOptions,
};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::fsio::{self, read::MAX_FILE_BYTES, read::mib};

mod driver;
mod integrate;
mod remote;
mod replay;
mod sign;
mod source;
mod tag;

pub use driver::{ATTRIBUTES_FILE, register_driver};
pub use integrate::{Conflicted, Resolution};
pub use remote::{Pushed, Remote, git_installed, not_installed};
pub use replay::NewCommit;
pub use sign::Signer;
pub use source::{Source, SourceChange, Stamp};
pub use tag::Made;

/// What `init_repository` found or did.
#[derive(Debug, PartialEq, Eq)]
pub enum Init {
    Created,
    /// The folder was already inside a repository.
    Existing,
}

/// Makes `dir` a git repository unless it is inside one already.
pub fn init_repository(dir: &Path) -> Result<Init> {
    if Repository::discover(dir).is_ok() {
        return Ok(Init::Existing);
    }
    Repository::init(dir).map_err(|e| {
        Error::failed(format!(
            "cannot create a git repository in {}: {}",
            dir.display(),
            e.message()
        ))
    })?;
    Ok(Init::Created)
}

/// The git directory (`.git`) of the repository holding `root`; `None`
/// outside git.
pub fn git_dir(root: &Path) -> Option<PathBuf> {
    Repository::discover(root)
        .ok()
        .map(|repo| repo.path().to_path_buf())
}

/// Records `paths` (relative to `dir`, the archive root) in a commit on the
/// current branch. Fails without changing anything when git has no author
/// identity.
pub fn commit_paths(dir: &Path, paths: &[&Path], message: &str) -> Result<String> {
    let repo = Repo::open(dir)?;
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    Ok(repo.commit(&paths, message, None)?.id)
}

/// The archive's repository.
pub struct Repo {
    repo: Repository,
    /// The archive root relative to the work tree ("" when they are the same).
    prefix: PathBuf,
}

/// A commit, as the commands show it.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct CommitInfo {
    /// The full id.
    #[serde(rename = "commit")]
    pub id: String,
    #[serde(skip)]
    pub short: String,
    pub author: String,
    pub email: String,
    pub date: DateTime<FixedOffset>,
    pub summary: String,
}

/// One revision of a file: the commit, and the file's path in it (which
/// differs from today's path before a rename).
#[derive(Clone, Debug)]
pub struct Revision {
    pub commit: CommitInfo,
    pub path: PathBuf,
}

/// The revisions of a file, newest first.
#[derive(Debug, Default)]
pub struct History {
    pub revisions: Vec<Revision>,
    /// The walk ended at the boundary of a shallow clone: older history
    /// exists but is not here.
    pub shallow: bool,
}

/// The archive's commits, newest first, each with the files it changed.
#[derive(Debug, Default)]
pub struct ArchiveLog {
    pub commits: Vec<(CommitInfo, Vec<PathBuf>)>,
    /// The walk ended at the boundary of a shallow clone.
    pub shallow: bool,
}

/// One commit with the archive files it changed against its first parent,
/// newest first: what [`Repo::steps`] finds.
#[derive(Clone, Debug)]
pub struct Step {
    pub commit: CommitInfo,
    pub parents: u32,
    pub first_parent: Option<String>,
    /// Archive paths changed against the first parent, in git's order.
    pub changes: Vec<(PathBuf, ChangeKind)>,
    /// Renames found among the changes: (old path, new path).
    pub renames: Vec<(PathBuf, PathBuf)>,
}

/// A file with uncommitted changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub path: PathBuf,
    pub kind: ChangeKind,
}

/// How a file changed: in the work tree against HEAD, or in a commit
/// against its first parent (`New`: the file was added).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    New,
    Modified,
    Deleted,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Modified => "modified",
            ChangeKind::Deleted => "deleted",
        }
    }
}

/// Where HEAD points.
#[derive(Debug, Serialize)]
pub struct Head {
    /// The branch, unless HEAD is detached.
    pub branch: Option<String>,
    pub detached: bool,
    /// The commit, unless the branch has none yet.
    pub commit: Option<CommitInfo>,
    /// Commits ahead of and behind the upstream, when there is one.
    pub upstream: Option<Upstream>,
}

#[derive(Debug, Serialize)]
pub struct Upstream {
    pub name: String,
    pub ahead: usize,
    pub behind: usize,
}

impl Repo {
    /// The repository that holds the archive at `root`.
    pub fn open(root: &Path) -> Result<Repo> {
        // libgit2 re-hashes every object it reads (with collision detection),
        // which git itself does not do on read: with it, reading the trees of
        // a long history costs most of a minute instead of seconds.
        git2::opts::strict_hash_verification(false);
        let repo = Repository::discover(root).map_err(|e| not_opened(root, &e))?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| Error::failed("the git repository has no work tree (it is bare)"))?;
        let root = std::path::absolute(root).map_err(|e| Error::io("resolve", root, e))?;
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let prefix = canon(&root)
            .strip_prefix(canon(workdir))
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Ok(Repo { repo, prefix })
    }

    /// The work tree: where the paths of the repository are.
    pub fn workdir(&self) -> &Path {
        self.repo.workdir().unwrap_or(self.repo.path())
    }

    /// A path of the repository, relative to the archive (`None` outside it).
    pub fn archive_path(&self, path: &Path) -> Option<PathBuf> {
        self.in_archive(path)
    }

    /// The repository's git directory (`.git`), where git keeps what is
    /// never committed.
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// Whether this is a shallow clone, whose history changes as it deepens.
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    fn in_repo(&self, path: &Path) -> PathBuf {
        self.prefix.join(path)
    }

    fn in_archive(&self, path: &Path) -> Option<PathBuf> {
        path.strip_prefix(&self.prefix).ok().map(Path::to_path_buf)
    }

    /// The commit that `rev` names: anything git understands (`HEAD~2`, a
    /// short id, a tag, a branch).
    pub fn resolve(&self, rev: &str) -> Result<CommitInfo> {
        let object = self.repo.revparse_single(rev).map_err(|e| {
            Error::usage(format!("`{rev}` names no revision here: {}", e.message()))
                .with_help("give a commit id, a tag, a branch, or HEAD~N; `minutes log` lists them")
        })?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| Error::usage(format!("`{rev}` is not a commit: {}", e.message())))?;
        Ok(info(&commit))
    }

    /// The text of `path` (relative to the archive) in `commit`, or `None`
    /// when the file did not exist there.
    pub fn read_at(&self, commit: &str, path: &Path) -> Result<Option<String>> {
        let commit = self.find_commit(commit)?;
        let tree = commit.tree().map_err(missing("the tree of a commit"))?;
        let entry = match tree.get_path(&self.in_repo(path)) {
            Ok(entry) => entry,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(missing("a tree")(e)),
        };
        // Measured before it is read: a stranger's history may hold a
        // file far larger than any minutes, as the work tree may.
        let (size, _) = self
            .repo
            .odb()
            .and_then(|odb| odb.read_header(entry.id()))
            .map_err(missing("the file's content"))?;
        if size as u64 > MAX_FILE_BYTES {
            return Err(Error::failed(format!(
                "{} at {} is {}, more than the {} minutes reads from one file",
                path.display(),
                &commit.id().to_string()[..7],
                mib(size as u64),
                mib(MAX_FILE_BYTES)
            ))
            .with_help(
                "minutes kept by hand are far smaller: check where this revision came from",
            ));
        }
        let blob = self
            .repo
            .find_blob(entry.id())
            .map_err(missing("the file's content"))?;
        let text = String::from_utf8(blob.content().to_vec()).map_err(|_| {
            Error::failed(format!(
                "{} at {} is not UTF-8 text",
                path.display(),
                &commit.id().to_string()[..7]
            ))
        })?;
        Ok(Some(text))
    }

    /// The revisions of `path`, newest first, following renames as
    /// `git log --follow` does: the walk goes by the first path and switches
    /// to the old name at the commit that renamed it; merge commits are left
    /// out, as git leaves them out.
    pub fn history(&self, path: &Path, limit: Option<usize>) -> Result<History> {
        let mut history = History::default();
        let Some(head) = self.head_commit()? else {
            return Ok(history);
        };
        let mut walk = self.repo.revwalk().map_err(fail("walk the history"))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(fail("walk the history"))?;
        walk.push(head).map_err(missing("the HEAD commit"))?;
        let shallow = self.shallow_roots();
        let mut current = self.in_repo(path);
        let mut last_seen = None;
        // Tree id -> the path's entry in it: each commit's tree is looked at
        // once, though it is asked about as a commit and as a parent.
        let mut cache = HashMap::new();
        for oid in walk {
            if limit.is_some_and(|n| history.revisions.len() >= n) {
                break;
            }
            let oid = oid.map_err(missing("a commit of the history"))?;
            let commit = self.repo.find_commit(oid).map_err(missing("a commit"))?;
            let Some(mine) = self.entry_cached(commit.tree_id(), &current, &mut cache)? else {
                continue;
            };
            last_seen = Some(oid);
            let mut touched = commit.parent_count() == 0;
            let mut renamed_from = None;
            if commit.parent_count() > 0 {
                let mut theirs = Vec::new();
                for parent in commit.parent_ids() {
                    let parent = self.repo.find_commit(parent).map_err(missing("a commit"))?;
                    theirs.push(self.entry_cached(parent.tree_id(), &current, &mut cache)?);
                }
                // As in `git log --follow`, a merge is never a revision of
                // its own: the changes it brings are those of its sides.
                touched = theirs.len() == 1 && theirs[0] != Some(mine);
                if theirs[0].is_none() {
                    let parent = commit.parent(0).map_err(missing("a commit"))?;
                    let old = parent.tree().map_err(missing("the tree of a commit"))?;
                    let new = commit.tree().map_err(missing("the tree of a commit"))?;
                    renamed_from = self.rename_source(&old, &new, &current)?;
                }
            }
            if touched {
                if let Some(path) = self.in_archive(&current) {
                    history.revisions.push(Revision {
                        commit: info(&commit),
                        path,
                    });
                }
            }
            if let Some(old) = renamed_from {
                current = old;
                cache.clear();
            }
        }
        history.shallow = last_seen.is_some_and(|oid| shallow.contains(&oid));
        Ok(history)
    }

    fn entry_cached(
        &self,
        tree: Oid,
        path: &Path,
        cache: &mut HashMap<Oid, Option<Oid>>,
    ) -> Result<Option<Oid>> {
        if let Some(hit) = cache.get(&tree) {
            return Ok(*hit);
        }
        let id = entry_id(&self.repo.find_tree(tree).map_err(missing("a tree"))?, path);
        cache.insert(tree, id);
        Ok(id)
    }

    /// The path that `path` was renamed from in the step `old` -> `new`.
    fn rename_source(
        &self,
        old: &git2::Tree<'_>,
        new: &git2::Tree<'_>,
        path: &Path,
    ) -> Result<Option<PathBuf>> {
        let mut diff = self
            .repo
            .diff_tree_to_tree(Some(old), Some(new), Some(&mut DiffOptions::new()))
            .map_err(missing("the trees of a commit"))?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))
            .map_err(fail("detect renames"))?;
        Ok(diff
            .deltas()
            .find(|d| d.status() == Delta::Renamed && d.new_file().path() == Some(path))
            .and_then(|d| d.old_file().path().map(Path::to_path_buf)))
    }

    /// The archive's history, newest first: each commit with the archive
    /// files it changed.
    pub fn log(&self, limit: Option<usize>) -> Result<ArchiveLog> {
        let mut out = Vec::new();
        let Some(head) = self.head_commit()? else {
            return Ok(ArchiveLog::default());
        };
        let mut walk = self.repo.revwalk().map_err(fail("walk the history"))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(fail("walk the history"))?;
        walk.push(head).map_err(missing("the HEAD commit"))?;
        let shallow = self.shallow_roots();
        let mut at_boundary = false;
        for oid in walk {
            if limit.is_some_and(|n| out.len() >= n) {
                break;
            }
            let oid = oid.map_err(missing("a commit of the history"))?;
            let commit = self.repo.find_commit(oid).map_err(missing("a commit"))?;
            let tree = commit.tree().map_err(missing("the tree of a commit"))?;
            let parent = match commit.parents().next() {
                Some(p) => Some(p.tree().map_err(missing("the tree of a commit"))?),
                None => None,
            };
            let diff = self
                .repo
                .diff_tree_to_tree(parent.as_ref(), Some(&tree), None)
                .map_err(missing("the trees of a commit"))?;
            let files: Vec<PathBuf> = diff
                .deltas()
                .filter_map(|d| d.new_file().path().or(d.old_file().path()))
                .filter_map(|p| self.in_archive(p))
                .collect();
            at_boundary = shallow.contains(&oid);
            if !files.is_empty() {
                out.push((info(&commit), files));
            }
        }
        Ok(ArchiveLog {
            commits: out,
            shallow: at_boundary,
        })
    }

    /// Archive files that differ from HEAD (in the index or the work tree).
    pub fn changed(&self) -> Result<Vec<Changed>> {
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .renames_head_to_index(false);
        let statuses = self
            .repo
            .statuses(Some(&mut options))
            .map_err(fail("read the status of the work tree"))?;
        let mut out = Vec::new();
        for entry in statuses.iter() {
            let Some(path) = entry
                .path()
                .ok()
                .and_then(|p| self.in_archive(Path::new(p)))
            else {
                continue;
            };
            let s = entry.status();
            let kind = if s.intersects(Status::WT_DELETED | Status::INDEX_DELETED) {
                ChangeKind::Deleted
            } else if s.intersects(Status::WT_NEW | Status::INDEX_NEW) {
                ChangeKind::New
            } else if s.intersects(
                Status::WT_MODIFIED
                    | Status::INDEX_MODIFIED
                    | Status::WT_TYPECHANGE
                    | Status::INDEX_TYPECHANGE
                    | Status::WT_RENAMED
                    | Status::INDEX_RENAMED
                    | Status::CONFLICTED,
            ) {
                ChangeKind::Modified
            } else {
                continue;
            };
            out.push(Changed { path, kind });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// Refuses when git is in the middle of something a commit would break,
    /// or another process holds the index.
    pub fn ready_to_commit(&self) -> Result<()> {
        let busy = match self.repo.state() {
            RepositoryState::Clean => None,
            RepositoryState::Merge => {
                // A sync stopped by a conflict, or git's own merge.
                Some((
                    "a merge",
                    "minutes sync` once the conflicts are resolved, or `git merge --abort",
                ))
            }
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge => {
                Some(("a rebase", "git rebase --continue` or `git rebase --abort"))
            }
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => Some((
                "a cherry-pick",
                "git cherry-pick --continue` or `git cherry-pick --abort",
            )),
            RepositoryState::Revert | RepositoryState::RevertSequence => {
                Some(("a revert", "git revert --continue` or `git revert --abort"))
            }
            _ => Some(("another git operation", "git status` to see which")),
        };
        if let Some((what, how)) = busy {
            return Err(Error::failed(format!(
                "git is in the middle of {what}, so nothing was committed"
            ))
            .with_help(format!("finish it first: `{how}`")));
        }
        let lock = self.repo.path().join("index.lock");
        if lock.exists() {
            return Err(Error::failed(format!(
                "another git process is using the repository ({} exists), so nothing was committed",
                lock.display()
            ))
            .with_help(
                "wait for it to finish; if no git process is running, remove the index.lock file",
            ));
        }
        Ok(())
    }

    /// Records the archive files `paths` as they are in the work tree (a
    /// missing file is recorded as deleted), on top of HEAD, leaving every
    /// other path as HEAD has it, as `git commit -- PATHS` does. `author`
    /// ("Name <mail>") overrides git's identity for the author only.
    pub fn commit(
        &self,
        paths: &[PathBuf],
        message: &str,
        author: Option<&str>,
    ) -> Result<CommitInfo> {
        self.ready_to_commit()?;
        let committer = self.repo.committer_from_env().map_err(|_| no_identity())?;
        let author = match author {
            Some(text) => parse_author(text, &committer)?,
            None => self.repo.author_from_env().map_err(|_| no_identity())?,
        };
        let head = self.head_commit()?;
        let parent = match head {
            Some(oid) => Some(
                self.repo
                    .find_commit(oid)
                    .map_err(missing("the HEAD commit"))?,
            ),
            None => None,
        };
        // The new tree: HEAD's tree with these paths replaced. Each file is
        // read once, and what was read goes both into the commit and into
        // git's index, so that the two agree even if an editor saves meanwhile.
        let mut tree_index = git2::Index::new().map_err(fail("make an index"))?;
        if let Some(parent) = &parent {
            tree_index
                .read_tree(&parent.tree().map_err(missing("the tree of HEAD"))?)
                .map_err(missing("the tree of HEAD"))?;
        }
        let mut index = self.repo.index().map_err(fail("read the git index"))?;
        // As git may have changed it since this repository was opened.
        index.read(false).map_err(fail("read the git index"))?;
        let workdir = self.repo.workdir().unwrap_or(Path::new(".")).to_path_buf();
        let mut before = Vec::new();
        for path in paths {
            let inside = self.in_repo(path);
            before.push((inside.clone(), index.get_path(&inside, 0)));
            let full = workdir.join(&inside);
            // A link is never followed: its target may lie outside the archive.
            let meta = std::fs::symlink_metadata(&full).ok();
            if meta.as_ref().is_some_and(|m| m.is_file()) {
                // Read as the archive's files are read: no link on the way,
                // no file larger than minutes can be.
                let content = fsio::read_regular(&full, &inside)?;
                let blob = self.repo.blob(&content).map_err(fail("store a file"))?;
                let entry = index_entry(&inside, blob, content.len());
                tree_index.add(&entry).map_err(fail("stage a file"))?;
                index.add(&entry).map_err(fail("stage a file"))?;
            } else if meta.is_some() {
                return Err(Error::failed(format!(
                    "{} is not a regular file, so nothing was committed",
                    path.display()
                )));
            } else {
                let _ = tree_index.remove_path(&inside);
                let _ = index.remove_path(&inside);
            }
        }
        let tree_id = tree_index
            .write_tree_to(&self.repo)
            .map_err(fail("write the tree"))?;
        // The changes are staged before HEAD moves, as `git add` then
        // `git commit` do: a crash in between leaves them staged, and the
        // next commit records them.
        index.write().map_err(fail("update the git index"))?;
        let made = self
            .repo
            .find_tree(tree_id)
            .and_then(|tree| {
                let parents: Vec<_> = parent.iter().collect();
                self.repo
                    .commit(Some("HEAD"), &author, &committer, message, &tree, &parents)
            })
            .map_err(fail("commit"));
        let id = match made {
            Ok(id) => id,
            Err(e) => {
                // Nothing was committed: git's index goes back as it was.
                for (inside, entry) in before {
                    let _ = match entry {
                        Some(entry) => index.add(&entry),
                        None => index.remove_path(&inside),
                    };
                }
                let _ = index.write();
                return Err(e);
            }
        };
        let commit = self
            .repo
            .find_commit(id)
            .map_err(missing("the new commit"))?;
        Ok(info(&commit))
    }

    /// Where HEAD points, and how it stands against its upstream.
    pub fn head(&self) -> Result<Head> {
        let detached = self.repo.head_detached().unwrap_or(false);
        let branch = if detached {
            None
        } else {
            self.repo
                .find_reference("HEAD")
                .ok()
                .and_then(|r| r.symbolic_target().ok().flatten().map(str::to_string))
                .map(|t| t.trim_start_matches("refs/heads/").to_string())
        };
        let commit = match self.head_commit()? {
            Some(oid) => Some(info(
                &self
                    .repo
                    .find_commit(oid)
                    .map_err(missing("the HEAD commit"))?,
            )),
            None => None,
        };
        let upstream = match (&branch, &commit) {
            (Some(name), Some(c)) => self.upstream(name, &c.id),
            _ => None,
        };
        Ok(Head {
            branch,
            detached,
            commit,
            upstream,
        })
    }

    fn upstream(&self, branch: &str, head: &str) -> Option<Upstream> {
        let local = self
            .repo
            .find_branch(branch, git2::BranchType::Local)
            .ok()?;
        let upstream = local.upstream().ok()?;
        let name = upstream.name().ok()??.to_string();
        let theirs = upstream.get().target()?;
        let ours = Oid::from_str(head).ok()?;
        let (ahead, behind) = self.repo.graph_ahead_behind(ours, theirs).ok()?;
        Some(Upstream {
            name,
            ahead,
            behind,
        })
    }

    /// Whether `commit` comes after `than` (descends from it).
    pub fn is_later(&self, commit: &str, than: &str) -> bool {
        match (Oid::from_str(commit), Oid::from_str(than)) {
            (Ok(a), Ok(b)) => a != b && self.repo.graph_descendant_of(a, b).unwrap_or(false),
            _ => false,
        }
    }

    /// Every commit from `head` back (but `hide` and its ancestors), newest
    /// first, with the archive files each changed against its first parent:
    /// what an index of the history is built from.
    pub fn steps(&self, head: &str, hide: Option<&str>) -> Result<Vec<Step>> {
        let mut walk = self.repo.revwalk().map_err(fail("walk the history"))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(fail("walk the history"))?;
        let head = Oid::from_str(head).map_err(fail("read a commit id"))?;
        walk.push(head).map_err(missing("the HEAD commit"))?;
        if let Some(hide) = hide {
            let hide = Oid::from_str(hide).map_err(fail("read a commit id"))?;
            walk.hide(hide)
                .map_err(missing("a commit of the history"))?;
        }
        let mut steps = Vec::new();
        let bar = crate::ui::progress(None, "indexing history: commits");
        for oid in walk {
            let oid = oid.map_err(missing("a commit of the history"))?;
            if steps.len() % 256 == 255 {
                bar.inc(256);
            }
            let commit = self.repo.find_commit(oid).map_err(missing("a commit"))?;
            let tree = self.archive_tree(commit.tree_id())?;
            let parent = match commit.parent_ids().next() {
                Some(p) => {
                    let parent = self.repo.find_commit(p).map_err(missing("a commit"))?;
                    self.archive_tree(parent.tree_id())?
                }
                None => None,
            };
            let mut changes = Vec::new();
            self.tree_changes(parent.as_ref(), tree.as_ref(), Path::new(""), &mut changes)?;
            changes.sort_by(|a, b| {
                a.0.as_os_str()
                    .as_encoded_bytes()
                    .cmp(b.0.as_os_str().as_encoded_bytes())
            });
            let kinds = |k| changes.iter().any(|(_, kind)| *kind == k);
            let renames = if kinds(ChangeKind::New) && kinds(ChangeKind::Deleted) {
                self.renames(&commit, &changes)?
            } else {
                Vec::new()
            };
            steps.push(Step {
                commit: info(&commit),
                parents: commit.parent_count() as u32,
                first_parent: commit.parent_ids().next().map(|p| p.to_string()),
                changes,
                renames,
            });
        }
        bar.finish_and_clear();
        Ok(steps)
    }

    /// The archive's folder in the tree `id` (the whole tree when the archive
    /// is the work tree), or `None` when the tree has no such folder.
    fn archive_tree(&self, id: Oid) -> Result<Option<git2::Tree<'_>>> {
        let tree = self.repo.find_tree(id).map_err(missing("a tree"))?;
        if self.prefix.as_os_str().is_empty() {
            return Ok(Some(tree));
        }
        match tree.get_path(&self.prefix) {
            Ok(entry) => Ok(self.repo.find_tree(entry.id()).ok()),
            Err(_) => Ok(None),
        }
    }

    /// The files that differ between two trees, below `base`, in git's
    /// order. Entries are paired by walking both sorted trees at once;
    /// subtrees with the same id are equal and not opened, so a commit that
    /// changes one meeting reads three small trees, not the whole archive.
    fn tree_changes(
        &self,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
        base: &Path,
        out: &mut Vec<(PathBuf, ChangeKind)>,
    ) -> Result<()> {
        let entries = |tree: Option<&git2::Tree<'_>>| -> Vec<(Vec<u8>, Oid, bool)> {
            tree.map(|t| {
                t.iter()
                    .map(|e| {
                        (
                            e.name_bytes().to_vec(),
                            e.id(),
                            e.kind() == Some(git2::ObjectType::Tree),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
        };
        let (before, after) = (entries(old), entries(new));
        let (mut i, mut j) = (0, 0);
        while i < before.len() || j < after.len() {
            let order = match (before.get(i), after.get(j)) {
                (Some(a), Some(b)) => git_order(&a.0, a.2, &b.0, b.2),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let (was, is) = match order {
                std::cmp::Ordering::Less => (before.get(i), None),
                std::cmp::Ordering::Greater => (None, after.get(j)),
                std::cmp::Ordering::Equal => (before.get(i), after.get(j)),
            };
            i += usize::from(was.is_some());
            j += usize::from(is.is_some());
            if let (Some(a), Some(b)) = (was, is) {
                if a.1 == b.1 {
                    continue;
                }
            }
            let Some((name, is_tree)) = was.or(is).map(|e| (e.0.as_slice(), e.2)) else {
                continue;
            };
            let path = base.join(String::from_utf8_lossy(name).as_ref());
            if is_tree {
                let open = |e: Option<&(Vec<u8>, Oid, bool)>| {
                    e.map(|e| self.repo.find_tree(e.1).map_err(missing("a tree")))
                        .transpose()
                };
                let (old, new) = (open(was)?, open(is)?);
                self.tree_changes(old.as_ref(), new.as_ref(), &path, out)?;
                continue;
            }
            let kind = match (was, is) {
                (Some(_), Some(_)) => ChangeKind::Modified,
                (None, _) => ChangeKind::New,
                (_, None) => ChangeKind::Deleted,
            };
            out.push((path, kind));
        }
        Ok(())
    }

    /// The renames among `changes` of `commit`, as git's rename detection
    /// sees them (only the added and deleted files are compared).
    fn renames(
        &self,
        commit: &git2::Commit<'_>,
        changes: &[(PathBuf, ChangeKind)],
    ) -> Result<Vec<(PathBuf, PathBuf)>> {
        let mut options = DiffOptions::new();
        options.disable_pathspec_match(true);
        for (path, kind) in changes {
            if *kind != ChangeKind::Modified {
                options.pathspec(self.in_repo(path));
            }
        }
        let tree = commit.tree().map_err(missing("the tree of a commit"))?;
        let parent = commit
            .parent(0)
            .and_then(|p| p.tree())
            .map_err(missing("the tree of a commit"))?;
        let mut diff = self
            .repo
            .diff_tree_to_tree(Some(&parent), Some(&tree), Some(&mut options))
            .map_err(missing("the trees of a commit"))?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))
            .map_err(fail("detect renames"))?;
        Ok(diff
            .deltas()
            .filter(|d| d.status() == Delta::Renamed)
            .filter_map(|d| {
                let old = d.old_file().path().and_then(|p| self.in_archive(p))?;
                let new = d.new_file().path().and_then(|p| self.in_archive(p))?;
                Some((old, new))
            })
            .collect())
    }

    /// The full id of HEAD's commit, unless the branch has none yet.
    pub fn head_id(&self) -> Result<Option<String>> {
        Ok(self.head_commit()?.map(|oid| oid.to_string()))
    }

    fn head_commit(&self) -> Result<Option<Oid>> {
        match self.repo.head() {
            Ok(head) => Ok(head.target()),
            Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => {
                Ok(None)
            }
            Err(e) => Err(fail("read HEAD")(e)),
        }
    }

    fn find_commit(&self, id: &str) -> Result<git2::Commit<'_>> {
        let oid = Oid::from_str(id).map_err(fail("read a commit id"))?;
        self.repo.find_commit(oid).map_err(missing("a commit"))
    }

    /// The commits where a shallow clone's history was cut off.
    fn shallow_roots(&self) -> Vec<Oid> {
        if !self.repo.is_shallow() {
            return Vec::new();
        }
        std::fs::read_to_string(self.repo.path().join("shallow"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| Oid::from_str(l.trim()).ok())
            .collect()
    }
}

/// Removes the lock files that git's writers make (`index.lock`,
/// `HEAD.lock`, a branch's or a log's `.lock`) which a commit that crashed
/// left: those made from `started`, when it began, to a few seconds after.
/// A git process started since makes its lock later. What went, relative
/// to `git_dir`.
pub fn remove_crashed_locks(git_dir: &Path, started: std::time::SystemTime) -> Vec<PathBuf> {
    const SPAN: std::time::Duration = std::time::Duration::from_secs(10);
    fn below(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => below(&path, out),
                Ok(_) if path.extension().is_some_and(|e| e == "lock") => out.push(path),
                _ => {}
            }
        }
    }
    let mut locks: Vec<PathBuf> = ["index.lock", "HEAD.lock", "packed-refs.lock"]
        .iter()
        .map(|name| git_dir.join(name))
        .collect();
    below(&git_dir.join("refs"), &mut locks);
    below(&git_dir.join("logs"), &mut locks);
    // Clocks and file times are coarse: a little slack before the start.
    let earliest = started
        .checked_sub(std::time::Duration::from_secs(2))
        .unwrap_or(started);
    locks
        .into_iter()
        .filter(|lock| {
            std::fs::symlink_metadata(lock)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= earliest && t <= started + SPAN)
        })
        .filter(|lock| std::fs::remove_file(lock).is_ok())
        .map(|lock| lock.strip_prefix(git_dir).unwrap_or(&lock).to_path_buf())
        .collect()
}

/// Why the repository of `root` could not be opened: it is not there, it
/// cannot be read, or it belongs to someone else (git then refuses it).
fn not_opened(root: &Path, e: &git2::Error) -> Error {
    let found = root.ancestors().map(|d| d.join(".git")).find_map(|git| {
        match std::fs::symlink_metadata(&git) {
            Ok(_) => Some((git.clone(), std::fs::read_dir(&git).err())),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Some((git, Some(e))),
            Err(_) => None,
        }
    });
    match found {
        Some((git, _)) if e.code() == ErrorCode::Owner => Error::failed(format!(
            "the git repository {} belongs to another user, so git will not read it",
            git.display()
        ))
        .with_help(format!(
            "if you trust it, allow it with `git config --global --add safe.directory {}`",
            git.parent().unwrap_or(&git).display()
        )),
        Some((git, Some(io))) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            Error::failed(format!(
                "cannot read the git repository {}: permission denied",
                git.display()
            ))
            .with_help("ask its owner for read access, or run minutes as a user who can read it")
        }
        _ => Error::failed(format!(
            "{} is not in a git repository, so there is no history to work with",
            root.display()
        ))
        .with_help("run `git init` in the archive, then `minutes commit`"),
    }
}

/// How git sorts the entries of a tree: by name, a folder's name read as if
/// it ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let len = a.len().min(b.len());
    a[..len].cmp(&b[..len]).then_with(|| {
        let next = |name: &[u8], tree: bool| {
            name.get(len)
                .copied()
                .unwrap_or(if tree { b'/' } else { 0 })
        };
        next(a, a_tree).cmp(&next(b, b_tree))
    })
}

fn entry_id(tree: &git2::Tree<'_>, path: &Path) -> Option<Oid> {
    tree.get_path(path).ok().map(|e| e.id())
}

fn index_entry(path: &Path, id: Oid, size: usize) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: size as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.to_string_lossy().replace('\\', "/").into_bytes(),
    }
}

fn info(commit: &git2::Commit<'_>) -> CommitInfo {
    let author = commit.author();
    let when = author.when();
    let offset = FixedOffset::east_opt(when.offset_minutes() * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    let date = offset
        .timestamp_opt(when.seconds(), 0)
        .single()
        .unwrap_or_else(|| offset.timestamp_opt(0, 0).single().expect("epoch"));
    let id = commit.id().to_string();
    CommitInfo {
        short: id[..7].to_string(),
        id,
        author: author.name().unwrap_or("?").to_string(),
        email: author.email().unwrap_or("").to_string(),
        date,
        summary: commit.summary().ok().flatten().unwrap_or("").to_string(),
    }
}

/// `Name <mail>`, with the committer's time.
fn parse_author(text: &str, committer: &Signature<'_>) -> Result<Signature<'static>> {
    let refuse = || {
        Error::usage(format!("`{text}` is not an author"))
            .with_help("write it as --author \"Name <mail@example.org>\"")
    };
    let (name, rest) = text.split_once('<').ok_or_else(refuse)?;
    let mail = rest.strip_suffix('>').ok_or_else(refuse)?;
    let name = name.trim();
    if name.is_empty() || mail.trim().is_empty() {
        return Err(refuse());
    }
    Signature::new(name, mail.trim(), &committer.when()).map_err(|_| refuse())
}

fn no_identity() -> Error {
    Error::failed("git does not know who you are, so nothing was committed").with_help(
        "set your name and e-mail with\n  git config --global user.name \"Your Name\"\n  git config --global user.email you@example.org",
    )
}

fn fail(action: &'static str) -> impl Fn(git2::Error) -> Error {
    move |e| Error::failed(format!("git: cannot {action}: {}", e.message()))
}

/// An object that should be there is not: the repository is damaged. The
/// message of libgit2 names the object's id.
fn missing(what: &'static str) -> impl Fn(git2::Error) -> Error {
    move |e| {
        if e.code() == ErrorCode::NotFound {
            Error::failed(format!(
                "git: cannot read {what}: {} (the repository may be damaged)",
                e.message()
            ))
            .with_help(
                "run `git fsck` to see what is missing; fetching from a remote may restore it",
            )
        } else {
            Error::failed(format!("git: cannot read {what}: {}", e.message()))
        }
    }
}

#[cfg(test)]
mod order_tests {
    use super::git_order;
    use std::cmp::Ordering::{Greater, Less};

    #[test]
    fn folders_sort_as_if_their_name_ended_in_a_slash() {
        assert_eq!(git_order(b"a.b", false, b"a", true), Less);
        assert_eq!(git_order(b"a", true, b"a0", false), Less);
        assert_eq!(git_order(b"a", false, b"a", true), Less);
        assert_eq!(
            git_order(b"minutes.toml", false, b"meetings", true),
            Greater
        );
    }
}
