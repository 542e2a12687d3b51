//! Commits made for an import: built in the object store on top of HEAD
//! without touching the work tree, the index or any branch, so that an
//! import that fails midway leaves the archive as it was; then landed at
//! once (the work tree and index brought to the last one, and the branch
//! moved to it).

use std::path::PathBuf;

use git2::build::TreeUpdateBuilder;
use git2::{FileMode, Oid, Signature, Time};

use crate::error::Result;

use super::integrate::Applied;
use super::source::Stamp;
use super::{Repo, fail, missing, no_identity};

/// A commit to make: archive paths with their new content (none deletes
/// the file); the author and committer as given, or git's identity.
pub struct NewCommit {
    pub author: Option<Stamp>,
    pub committer: Option<Stamp>,
    pub message: String,
    pub files: Vec<(PathBuf, Option<Vec<u8>>)>,
}

impl Repo {
    /// Builds `commits` one on the other from HEAD; the last one's id, or
    /// none when there is nothing to build. `done` is called after each.
    pub fn build(&self, commits: &[NewCommit], done: &dyn Fn()) -> Result<Option<String>> {
        if commits.is_empty() {
            return Ok(None);
        }
        let own_author = || self.repo.author_from_env().map_err(|_| no_identity());
        let own_committer = || self.repo.committer_from_env().map_err(|_| no_identity());
        let mut parent = match self.head_commit()? {
            Some(oid) => Some(
                self.repo
                    .find_commit(oid)
                    .map_err(missing("the HEAD commit"))?,
            ),
            None => None,
        };
        let mut tree = match &parent {
            Some(p) => p.tree().map_err(missing("the tree of HEAD"))?,
            None => {
                let empty = self
                    .repo
                    .treebuilder(None)
                    .and_then(|b| b.write())
                    .map_err(fail("write a tree"))?;
                self.repo.find_tree(empty).map_err(fail("read a tree"))?
            }
        };
        for c in commits {
            let mut update = TreeUpdateBuilder::new();
            for (path, content) in &c.files {
                let inside = self.in_repo(path);
                match content {
                    Some(bytes) => {
                        let blob = self.repo.blob(bytes).map_err(fail("store a file"))?;
                        update.upsert(&inside, blob, FileMode::Blob);
                    }
                    None => {
                        update.remove(&inside);
                    }
                }
            }
            let id = update
                .create_updated(&self.repo, &tree)
                .map_err(fail("write a tree"))?;
            tree = self.repo.find_tree(id).map_err(fail("read a tree"))?;
            let author = match &c.author {
                Some(s) => signature(s)?,
                None => own_author()?,
            };
            let committer = match &c.committer {
                Some(s) => signature(s)?,
                None => own_committer()?,
            };
            let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
            let made = self
                .repo
                .commit(None, &author, &committer, &c.message, &tree, &parents)
                .map_err(fail("commit"))?;
            parent = Some(
                self.repo
                    .find_commit(made)
                    .map_err(missing("the new commit"))?,
            );
            done();
        }
        Ok(parent.map(|p| p.id().to_string()))
    }

    /// Brings the work tree and the index to `tip`, then moves the branch
    /// there: the one step that makes built commits the archive's.
    pub fn land(&self, tip: &str) -> Result<Applied> {
        let applied = self.apply(&self.tree_of(tip)?)?;
        self.move_branch(tip, "import")?;
        Ok(applied)
    }

    /// The message of every commit from HEAD back.
    pub fn messages(&self) -> Result<Vec<String>> {
        let Some(head) = self.head_commit()? else {
            return Ok(Vec::new());
        };
        let mut walk = self.repo.revwalk().map_err(fail("walk the history"))?;
        walk.push(head).map_err(missing("the HEAD commit"))?;
        let mut out = Vec::new();
        for oid in walk {
            let oid: Oid = oid.map_err(missing("a commit of the history"))?;
            let commit = self.repo.find_commit(oid).map_err(missing("a commit"))?;
            out.push(String::from_utf8_lossy(commit.message_raw_bytes()).into_owned());
        }
        Ok(out)
    }
}

fn signature(s: &Stamp) -> Result<Signature<'static>> {
    Signature::new(&s.name, &s.email, &Time::new(s.time, s.offset))
        .map_err(fail("record who made a commit"))
}
