//! Another repository, read as the source of an import: its files at
//! HEAD, and its history as commits with the files each changed.
//!
//! A rename is what the source's own commit records: a path deleted and
//! another added with the very same content in one commit (git's exact
//! rename detection). Content that is merely alike is never taken for a
//! rename, as `git log --follow` does. A merge counts only for the files
//! it left different from every side it merged, as `git log` shows them.
//! Nothing here writes.

use std::path::{Path, PathBuf};

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository, Sort};

use crate::error::{Error, Result};

use super::{fail, missing};

/// Who and when, as a commit records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub name: String,
    pub email: String,
    /// Seconds since the epoch, and the offset of the zone in minutes.
    pub time: i64,
    pub offset: i32,
}

/// A commit of the source with its changes to the wanted files.
#[derive(Clone, Debug)]
pub struct SourceCommit {
    pub id: String,
    pub author: Stamp,
    pub committer: Stamp,
    pub message: String,
    pub changes: Vec<SourceChange>,
}

#[derive(Clone, Debug)]
pub enum SourceChange {
    /// A file added or changed, and its new content's blob.
    Write {
        path: String,
        blob: String,
    },
    Delete {
        path: String,
    },
    Rename {
        from: String,
        to: String,
        blob: String,
    },
}

/// A repository to import from.
pub struct Source {
    repo: Repository,
    root: PathBuf,
}

impl Source {
    /// The repository at `path`; `shown` names it in messages.
    pub fn open(path: &Path, shown: &Path) -> Result<Source> {
        git2::opts::strict_hash_verification(false);
        let repo = Repository::open(path).map_err(|e| {
            Error::failed(format!(
                "cannot read the repository {}: {}",
                shown.display(),
                e.message()
            ))
            .with_help(
                "--from takes the folder of a git repository (a clone): the one holding .git",
            )
        })?;
        let root = repo.workdir().unwrap_or(repo.path()).to_path_buf();
        Ok(Source { repo, root })
    }

    /// The commit at HEAD; none in a repository without commits.
    pub fn head(&self) -> Result<Option<String>> {
        match self.repo.head() {
            Ok(head) => Ok(head.target().map(|o| o.to_string())),
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(fail("read HEAD")(e)),
        }
    }

    /// How meetings name where they came from: `github:owner/repo` for a
    /// clone of GitHub, else the address of `origin`, else the folder.
    pub fn describe(&self) -> String {
        let url = self
            .repo
            .find_remote("origin")
            .ok()
            .and_then(|r| r.url().ok().map(str::to_string));
        match url {
            Some(url) => {
                let github = url
                    .strip_prefix("https://github.com/")
                    .or_else(|| url.strip_prefix("git@github.com:"))
                    .or_else(|| url.strip_prefix("ssh://git@github.com/"));
                match github {
                    Some(repo) => format!(
                        "github:{}",
                        repo.trim_end_matches('/').trim_end_matches(".git")
                    ),
                    None => url,
                }
            }
            None => std::fs::canonicalize(&self.root)
                .unwrap_or_else(|_| self.root.clone())
                .display()
                .to_string(),
        }
    }

    /// Every file at HEAD, with its blob.
    pub fn files(&self) -> Result<Vec<(String, String)>> {
        let Some(head) = self.head()? else {
            return Ok(Vec::new());
        };
        let commit = self.commit(&head)?;
        let tree = commit.tree().map_err(missing("the tree of HEAD"))?;
        let mut out = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                let name = String::from_utf8_lossy(entry.name_bytes());
                out.push((format!("{dir}{name}"), entry.id().to_string()));
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(fail("list the files of HEAD"))?;
        Ok(out)
    }

    /// The content of a blob.
    pub fn blob(&self, id: &str) -> Result<Vec<u8>> {
        let oid = Oid::from_str(id).map_err(fail("read a blob id"))?;
        let blob = self
            .repo
            .find_blob(oid)
            .map_err(missing("a file's content"))?;
        Ok(blob.content().to_vec())
    }

    fn commit(&self, id: &str) -> Result<git2::Commit<'_>> {
        let oid = Oid::from_str(id).map_err(fail("read a commit id"))?;
        self.repo.find_commit(oid).map_err(missing("a commit"))
    }

    /// The commits from the first to HEAD (parents before children), each
    /// with its changes to the files `wanted` takes; commits that change
    /// none of them are left out.
    pub fn commits(&self, wanted: &dyn Fn(&str) -> bool) -> Result<Vec<SourceCommit>> {
        let Some(head) = self.head()? else {
            return Ok(Vec::new());
        };
        let mut walk = self.repo.revwalk().map_err(fail("walk the history"))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)
            .map_err(fail("walk the history"))?;
        walk.push(Oid::from_str(&head).map_err(fail("read a commit id"))?)
            .map_err(missing("the HEAD commit"))?;
        let mut out = Vec::new();
        for oid in walk {
            let oid = oid.map_err(missing("a commit of the history"))?;
            let commit = self.repo.find_commit(oid).map_err(missing("a commit"))?;
            let changes = self.changes(&commit, wanted)?;
            if changes.is_empty() {
                continue;
            }
            out.push(SourceCommit {
                id: oid.to_string(),
                author: stamp(&commit.author()),
                committer: stamp(&commit.committer()),
                message: String::from_utf8_lossy(commit.message_raw_bytes()).into_owned(),
                changes,
            });
        }
        Ok(out)
    }

    fn changes(
        &self,
        commit: &git2::Commit<'_>,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<SourceChange>> {
        let tree = commit.tree().map_err(missing("the tree of a commit"))?;
        let parents: Vec<git2::Tree<'_>> = commit
            .parents()
            .map(|p| p.tree())
            .collect::<std::result::Result<_, _>>()
            .map_err(missing("the tree of a commit"))?;
        let mut diff = self
            .repo
            .diff_tree_to_tree(parents.first(), Some(&tree), Some(&mut DiffOptions::new()))
            .map_err(missing("the trees of a commit"))?;
        if parents.len() < 2 {
            diff.find_similar(Some(
                DiffFindOptions::new().renames(true).exact_match_only(true),
            ))
            .map_err(fail("find renames"))?;
        }
        let path_of = |file: git2::DiffFile<'_>| {
            file.path()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default()
        };
        let mut out = Vec::new();
        for delta in diff.deltas() {
            let old = path_of(delta.old_file());
            let new = path_of(delta.new_file());
            let blob = delta.new_file().id().to_string();
            if parents.len() > 1 {
                // A merge: only what it made differently from every side.
                let path = if delta.status() == Delta::Deleted {
                    &old
                } else {
                    &new
                };
                if !wanted(path) {
                    continue;
                }
                let mine = tree.get_path(Path::new(path)).ok().map(|e| e.id());
                if parents
                    .iter()
                    .any(|p| p.get_path(Path::new(path)).ok().map(|e| e.id()) == mine)
                {
                    continue;
                }
                out.push(match mine {
                    Some(id) => SourceChange::Write {
                        path: path.clone(),
                        blob: id.to_string(),
                    },
                    None => SourceChange::Delete { path: path.clone() },
                });
                continue;
            }
            match delta.status() {
                Delta::Added | Delta::Modified | Delta::Typechange | Delta::Copied
                    if wanted(&new) =>
                {
                    out.push(SourceChange::Write { path: new, blob })
                }
                Delta::Deleted if wanted(&old) => out.push(SourceChange::Delete { path: old }),
                Delta::Renamed => match (wanted(&old), wanted(&new)) {
                    (true, true) => out.push(SourceChange::Rename {
                        from: old,
                        to: new,
                        blob,
                    }),
                    (true, false) => out.push(SourceChange::Delete { path: old }),
                    (false, true) => out.push(SourceChange::Write { path: new, blob }),
                    (false, false) => {}
                },
                _ => {}
            }
        }
        Ok(out)
    }
}

fn stamp(signature: &git2::Signature<'_>) -> Stamp {
    Stamp {
        name: String::from_utf8_lossy(signature.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(signature.email_bytes()).into_owned(),
        time: signature.when().seconds(),
        offset: signature.when().offset_minutes(),
    }
}
