//! Integrating another line of history, in-process: the merge of two
//! commits, the files git cannot merge handed to a resolver, and the work
//! tree, the index and the branch brought to the result.
//!
//! libgit2 does not run merge drivers, so the caller's resolver plays that
//! part. While a merge is being applied, git's own `MERGE_HEAD` records it:
//! interrupted at any point, or stopped by a real conflict, the repository is
//! in a merge that `git status`, `git merge --abort` and `git commit`
//! understand, and that `minutes sync` finishes by merging again (the result
//! is a function of the two commits) and keeping every file a person changed
//! meanwhile. The work tree is compared as git stores it: a link by the name
//! it holds, never followed, and a FIFO or device never opened.

use std::path::{Path, PathBuf};

use git2::{IndexConflict, IndexEntry, ObjectType, Oid};

use super::{CommitInfo, Repo, fail, info, missing, no_identity};
use crate::error::{Error, Result};

/// A file that both sides changed and git could not merge line by line.
pub struct Conflicted {
    /// Its path in the result, relative to the archive; `None` outside it.
    pub path: Option<PathBuf>,
    /// Its path in the repository.
    pub shown: PathBuf,
    pub base: Option<Vec<u8>>,
    pub ours: Option<Vec<u8>>,
    pub theirs: Option<Vec<u8>>,
}

/// What a resolver made of a [`Conflicted`] file.
pub struct Resolution {
    pub content: Vec<u8>,
    /// Whether the result holds no conflict for a person to settle.
    pub clean: bool,
}

/// The result of a merge, as a tree, and the files in it that still hold
/// conflicts.
pub struct MergedTree {
    tree: Oid,
    stages: Vec<Stages>,
}

/// The three versions of a conflicted file, for git's index.
struct Stages {
    path: PathBuf,
    ancestor: Option<IndexEntry>,
    ours: Option<IndexEntry>,
    theirs: Option<IndexEntry>,
}

impl MergedTree {
    /// The files (paths in the repository) that hold conflicts for a person
    /// to settle.
    pub fn conflicts(&self) -> Vec<PathBuf> {
        self.stages.iter().map(|s| s.path.clone()).collect()
    }
}

/// What [`Repo::apply`] did to the work tree.
#[derive(Debug, Default)]
pub struct Applied {
    /// Files (paths in the repository) where a person's version was found
    /// and kept instead of the merge's.
    pub kept: Vec<PathBuf>,
}

impl Repo {
    /// Whether commit `a` is `b` or one of its ancestors.
    pub fn contains(&self, b: &str, a: &str) -> Result<bool> {
        let (a, b) = (oid(a)?, oid(b)?);
        Ok(a == b
            || self
                .repo
                .graph_descendant_of(b, a)
                .map_err(fail("compare commits"))?)
    }

    /// Merges commit `theirs` into `ours`; each file that git cannot merge
    /// line by line goes to `resolve` (`None`: leave it to git's line merge).
    pub fn merge_commits(
        &self,
        ours: &str,
        theirs: &str,
        resolve: &mut dyn FnMut(&Conflicted) -> Option<Resolution>,
    ) -> Result<MergedTree> {
        let ours = self.find_commit(ours)?;
        let theirs = self.find_commit(theirs)?;
        let mut options = git2::MergeOptions::new();
        options.find_renames(true);
        let mut index = self
            .repo
            .merge_commits(&ours, &theirs, Some(&options))
            .map_err(fail("merge"))?;
        let stages = self.resolve_index(&mut index, resolve)?;
        let tree = index
            .write_tree_to(&self.repo)
            .map_err(fail("write the merged tree"))?;
        Ok(MergedTree { tree, stages })
    }

    /// Settles the conflicts of a merged `index` through `resolve`; gives
    /// the files that still hold conflicts.
    fn resolve_index(
        &self,
        index: &mut git2::Index,
        resolve: &mut dyn FnMut(&Conflicted) -> Option<Resolution>,
    ) -> Result<Vec<Stages>> {
        let conflicts: Vec<IndexConflict> = index
            .conflicts()
            .map_err(fail("read the conflicts of a merge"))?
            .collect::<std::result::Result<_, _>>()
            .map_err(fail("read the conflicts of a merge"))?;
        let mut stages = Vec::new();
        for conflict in conflicts {
            let path = |e: &Option<IndexEntry>| {
                e.as_ref()
                    .map(|e| PathBuf::from(String::from_utf8_lossy(&e.path).into_owned()))
            };
            let (base_path, ours_path, theirs_path) = (
                path(&conflict.ancestor),
                path(&conflict.our),
                path(&conflict.their),
            );
            // The side that renamed the file decides where the result goes.
            let result = match (&ours_path, &theirs_path) {
                (Some(o), Some(t)) if Some(o) == base_path.as_ref() => t.clone(),
                (Some(o), _) => o.clone(),
                (None, Some(t)) => t.clone(),
                (None, None) => continue,
            };
            let content = |e: &Option<IndexEntry>| -> Result<Option<Vec<u8>>> {
                match e {
                    Some(e) => Ok(Some(
                        self.repo
                            .find_blob(e.id)
                            .map_err(missing("a file of the merge"))?
                            .content()
                            .to_vec(),
                    )),
                    None => Ok(None),
                }
            };
            let conflicted = Conflicted {
                path: self.in_archive(&result),
                shown: result.clone(),
                base: content(&conflict.ancestor)?,
                ours: content(&conflict.our)?,
                theirs: content(&conflict.their)?,
            };
            let resolution = match resolve(&conflicted) {
                Some(resolution) => resolution,
                None => self.line_merge(&conflict, &conflicted)?,
            };
            for p in [&base_path, &ours_path, &theirs_path].into_iter().flatten() {
                let _ = index.conflict_remove(p);
                let _ = index.remove_path(p);
            }
            let blob = self
                .repo
                .blob(&resolution.content)
                .map_err(fail("store a merged file"))?;
            let mode = conflict
                .our
                .as_ref()
                .or(conflict.their.as_ref())
                .map_or(0o100644, |e| e.mode);
            let mut entry = super::index_entry(&result, blob, resolution.content.len());
            entry.mode = mode;
            index.add(&entry).map_err(fail("stage a merged file"))?;
            if !resolution.clean {
                stages.push(Stages {
                    path: result,
                    ancestor: conflict.ancestor,
                    ours: conflict.our,
                    theirs: conflict.their,
                });
            }
        }
        Ok(stages)
    }

    /// Replays the commits of HEAD that `onto` lacks on top of it, oldest
    /// first, as `git rebase` does (merge commits are left out: their
    /// changes come with the commits they merged), settling conflicts
    /// through `resolve`. Gives the new tip, or `None` when a commit cannot
    /// be replayed without a conflict for a person: then nothing was
    /// changed.
    pub fn replay(
        &self,
        onto: &str,
        resolve: &mut dyn FnMut(&Conflicted) -> Option<Resolution>,
    ) -> Result<Option<String>> {
        let Some(head) = self.head_commit()? else {
            return Ok(Some(onto.to_string()));
        };
        let mut walk = self.repo.revwalk().map_err(fail("walk the history"))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
            .map_err(fail("walk the history"))?;
        walk.push(head).map_err(missing("the HEAD commit"))?;
        walk.hide(oid(onto)?)
            .map_err(missing("a commit of the remote"))?;
        let committer = self.repo.committer_from_env().map_err(|_| no_identity())?;
        let mut tip = self.find_commit(onto)?;
        for id in walk {
            let commit = self
                .repo
                .find_commit(id.map_err(missing("a commit of the history"))?)
                .map_err(missing("a commit"))?;
            if commit.parent_count() > 1 {
                continue;
            }
            let mut index = self
                .repo
                .cherrypick_commit(&commit, &tip, 0, None)
                .map_err(fail("replay a commit"))?;
            if !self.resolve_index(&mut index, resolve)?.is_empty() {
                return Ok(None);
            }
            let tree = index
                .write_tree_to(&self.repo)
                .map_err(fail("write a replayed tree"))?;
            let tree = self.repo.find_tree(tree).map_err(fail("read a tree"))?;
            if tree.id() == tip.tree_id() {
                // Its changes are there already.
                continue;
            }
            let message = commit.message_raw().unwrap_or("");
            let id = self
                .repo
                .commit(None, &commit.author(), &committer, message, &tree, &[&tip])
                .map_err(fail("replay a commit"))?;
            tip = self
                .repo
                .find_commit(id)
                .map_err(missing("a replayed commit"))?;
        }
        Ok(Some(tip.id().to_string()))
    }

    /// git's own line merge of a file, with its conflict markers.
    fn line_merge(&self, conflict: &IndexConflict, file: &Conflicted) -> Result<Resolution> {
        if let (Some(ours), Some(theirs)) = (&conflict.our, &conflict.their) {
            // Files added on both sides descend from an empty one.
            let empty;
            let ancestor = match &conflict.ancestor {
                Some(a) => a,
                None => {
                    let blob = self.repo.blob(b"").map_err(fail("store a file"))?;
                    let path = PathBuf::from(String::from_utf8_lossy(&ours.path).into_owned());
                    empty = super::index_entry(&path, blob, 0);
                    &empty
                }
            };
            let merged = self
                .repo
                .merge_file_from_index(ancestor, ours, theirs, None)
                .map_err(fail("merge a file"))?;
            return Ok(Resolution {
                content: merged.content().to_vec(),
                clean: merged.is_automergeable(),
            });
        }
        Ok(Resolution {
            content: file
                .ours
                .clone()
                .or(file.theirs.clone())
                .unwrap_or_default(),
            clean: false,
        })
    }

    /// The tree of `commit`, as a result to [`Repo::apply`] (a fast-forward).
    pub fn tree_of(&self, commit: &str) -> Result<MergedTree> {
        Ok(MergedTree {
            tree: self.find_commit(commit)?.tree_id(),
            stages: Vec::new(),
        })
    }

    /// The commit that an unfinished merge brings in (`MERGE_HEAD`).
    pub fn merge_head(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.repo.path().join("MERGE_HEAD")).ok()?;
        let id = text.lines().next()?.trim();
        Oid::from_str(id).ok().map(|o| o.to_string())
    }

    /// Records that `theirs` is being merged into HEAD, as `git merge` does,
    /// so that an interruption leaves a merge git and `minutes sync` know.
    pub fn begin_merge(&self, theirs: &str, message: &str) -> Result<()> {
        let dir = self.repo.path();
        let write = |name: &str, text: &str| {
            crate::fsio::write_atomic(&dir.join(name), Path::new(name), text.as_bytes())
        };
        if let Some(head) = self.head_id()? {
            write("ORIG_HEAD", &format!("{head}\n"))?;
        }
        write("MERGE_MSG", message)?;
        write("MERGE_MODE", "no-ff\n")?;
        write("MERGE_HEAD", &format!("{theirs}\n"))
    }

    /// Brings the work tree and the index from HEAD's tree to `merged`:
    /// files still as HEAD has them are replaced, files already merged are
    /// left, and a file that holds neither (a person's resolution, or an
    /// edit) is kept and staged as it is.
    pub fn apply(&self, merged: &MergedTree) -> Result<Applied> {
        let workdir = self
            .repo
            .workdir()
            .ok_or_else(|| Error::failed("the git repository has no work tree (it is bare)"))?
            .to_path_buf();
        let old = match self.head_commit()? {
            Some(oid) => Some(
                self.repo
                    .find_commit(oid)
                    .and_then(|c| c.tree())
                    .map_err(missing("the tree of HEAD"))?,
            ),
            None => None,
        };
        let new = self
            .repo
            .find_tree(merged.tree)
            .map_err(missing("the merged tree"))?;
        let diff = self
            .repo
            .diff_tree_to_tree(old.as_ref(), Some(&new), None)
            .map_err(fail("compare trees"))?;
        let mut index = self.repo.index().map_err(fail("read the git index"))?;
        // A file git marks as conflicted is the person's to resolve.
        let conflicted: Vec<PathBuf> = index
            .conflicts()
            .map_err(fail("read the conflicts of the index"))?
            .flatten()
            .flat_map(|c| [c.ancestor, c.our, c.their])
            .flatten()
            .map(|e| PathBuf::from(String::from_utf8_lossy(&e.path).into_owned()))
            .collect();
        let mut applied = Applied::default();
        for delta in diff.deltas() {
            let Some(path) = delta.new_file().path().or(delta.old_file().path()) else {
                continue;
            };
            let path = path.to_path_buf();
            if conflicted.contains(&path) {
                continue;
            }
            let full = workdir.join(&path);
            let now = match work_blob(&workdir, &path)? {
                Work::Missing => None,
                Work::Blob(id) => Some(id),
                // Neither side's, and never opened: the person's to settle.
                Work::Other => {
                    applied.kept.push(path.clone());
                    continue;
                }
            };
            let before = Some(delta.old_file().id()).filter(|id| !id.is_zero());
            let after = Some(delta.new_file().id()).filter(|id| !id.is_zero());
            if now != after {
                if now != before {
                    applied.kept.push(path.clone());
                } else if let Some(id) = after {
                    let blob = self.repo.find_blob(id).map_err(missing("a merged file"))?;
                    crate::fsio::write_atomic(&full, &path, blob.content())?;
                } else {
                    std::fs::remove_file(&full).map_err(|e| Error::io("remove", &path, e))?;
                    remove_empty_parents(&workdir, &path);
                }
            }
            if full.is_file() {
                index.add_path(&path).map_err(fail("stage a file"))?;
            } else {
                let _ = index.remove_path(&path);
            }
        }
        index.write().map_err(fail("write the git index"))?;
        Ok(applied)
    }

    /// Records in git's index which conflicted files of `merged` a person
    /// has resolved (staged as they are in the work tree) and which still
    /// hold conflicts (the three versions side by side, as git shows them);
    /// paths in the repository.
    pub fn stage_conflicts(
        &self,
        merged: &MergedTree,
        resolved: &[PathBuf],
        unresolved: &[PathBuf],
    ) -> Result<()> {
        let mut index = self.repo.index().map_err(fail("read the git index"))?;
        for stages in &merged.stages {
            let path = &stages.path;
            if resolved.contains(path) {
                let _ = index.conflict_remove(path);
                if self.workdir().join(path).is_file() {
                    index.add_path(path).map_err(fail("stage a file"))?;
                } else {
                    let _ = index.remove_path(path);
                }
                continue;
            }
            if !unresolved.contains(path) {
                continue;
            }
            let _ = index.remove_path(path);
            // git2 has no `conflict_add`: an entry carries its stage in its
            // flags, and the index keeps the three side by side.
            for (stage, entry) in [
                (1, &stages.ancestor),
                (2, &stages.ours),
                (3, &stages.theirs),
            ] {
                if let Some(entry) = entry {
                    let mut entry = copy(entry);
                    entry.flags = (entry.flags & !STAGE_MASK) | (stage << STAGE_SHIFT);
                    index.add(&entry).map_err(fail("record a conflict"))?;
                }
            }
        }
        index.write().map_err(fail("write the git index"))
    }

    /// Registers the merge driver `name` in the repository's own
    /// configuration; says whether anything changed.
    pub fn set_merge_driver(&self, name: &str, description: &str, command: &str) -> Result<bool> {
        let config = self.repo.config().map_err(fail("read the configuration"))?;
        let mut local = config
            .open_level(git2::ConfigLevel::Local)
            .map_err(fail("open the repository's configuration"))?;
        let key = format!("merge.{name}.driver");
        if local.get_string(&key).ok().as_deref() == Some(command) {
            return Ok(false);
        }
        local
            .set_str(&format!("merge.{name}.name"), description)
            .and_then(|_| local.set_str(&key, command))
            .map_err(fail("write the repository's configuration"))?;
        Ok(true)
    }

    /// Commits the index on top of HEAD with `others` as further parents,
    /// moves the branch to it and ends the merge state.
    pub fn commit_merge(&self, others: &[String], message: &str) -> Result<CommitInfo> {
        let mut index = self.repo.index().map_err(fail("read the git index"))?;
        if index.has_conflicts() {
            return Err(
                Error::failed("the merge still has conflicts, so nothing was committed")
                    .with_help("resolve them, then run `minutes sync` again"),
            );
        }
        let tree = index
            .write_tree()
            .map_err(fail("write the tree of the merge"))?;
        let tree = self.repo.find_tree(tree).map_err(fail("read the tree"))?;
        let committer = self.repo.committer_from_env().map_err(|_| no_identity())?;
        let author = self.repo.author_from_env().map_err(|_| no_identity())?;
        let mut parents = Vec::new();
        if let Some(head) = self.head_commit()? {
            parents.push(
                self.repo
                    .find_commit(head)
                    .map_err(missing("the HEAD commit"))?,
            );
        }
        for other in others {
            parents.push(self.find_commit(other)?);
        }
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let id = self
            .repo
            .commit(None, &author, &committer, message, &tree, &parents)
            .map_err(fail("commit the merge"))?;
        self.move_branch(&id.to_string(), "sync: merge")?;
        let commit = self
            .repo
            .find_commit(id)
            .map_err(missing("the new commit"))?;
        Ok(info(&commit))
    }

    /// Moves the current branch to `commit` (its work tree already there)
    /// and ends a merge state.
    pub fn move_branch(&self, commit: &str, why: &str) -> Result<()> {
        let branch = self
            .repo
            .find_reference("HEAD")
            .ok()
            .and_then(|r| r.symbolic_target().ok().flatten().map(str::to_string))
            .ok_or_else(|| Error::failed("HEAD is on no branch"))?;
        self.repo
            .reference(&branch, oid(commit)?, true, &format!("minutes: {why}"))
            .map_err(fail("move the branch"))?;
        self.repo
            .cleanup_state()
            .map_err(fail("end the merge state"))
    }
}

/// git2's index entries cannot be cloned.
fn copy(e: &IndexEntry) -> IndexEntry {
    IndexEntry {
        ctime: e.ctime,
        mtime: e.mtime,
        dev: e.dev,
        ino: e.ino,
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        file_size: e.file_size,
        id: e.id,
        flags: e.flags,
        flags_extended: e.flags_extended,
        path: e.path.clone(),
    }
}

/// Where an index entry keeps its stage (git's `CE_STAGEMASK`).
const STAGE_MASK: u16 = 0x3000;
const STAGE_SHIFT: u16 = 12;

fn oid(id: &str) -> Result<Oid> {
    Oid::from_str(id).map_err(fail("read a commit id"))
}

fn remove_empty_parents(root: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if std::fs::remove_dir(root.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// What stands at a path of the work tree, as the merge compares it.
enum Work {
    Missing,
    /// A file or a link, as git would store it.
    Blob(Oid),
    /// Something git does not store (a FIFO, a socket, a device), or a file
    /// behind a linked folder.
    Other,
}

/// What stands at `path` in `workdir`, hashed as git hashes it: a file's
/// bytes, a link's target. A link is never followed and a special file
/// never opened, so that a work tree cannot hang the merge or have it read
/// what lies outside.
fn work_blob(workdir: &Path, path: &Path) -> Result<Work> {
    use crate::fsio::Kind;
    let full = workdir.join(path);
    let hash = |bytes: &[u8]| {
        Oid::hash_object(ObjectType::Blob, bytes)
            .map(Work::Blob)
            .map_err(fail("hash a file"))
    };
    match Kind::at(&full) {
        Err(_) => Ok(Work::Missing),
        #[cfg(unix)]
        Ok(Kind::Link) => {
            use std::os::unix::ffi::OsStrExt;
            let target = std::fs::read_link(&full).map_err(|e| Error::io("read", path, e))?;
            hash(target.as_os_str().as_bytes())
        }
        Ok(Kind::File) => {
            let Ok(mut file) = crate::fsio::read::open_regular(&full, path) else {
                return Ok(Work::Other);
            };
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes)
                .map_err(|e| Error::io("read", path, e))?;
            hash(&bytes)
        }
        Ok(_) => Ok(Work::Other),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_work_tree_is_hashed_as_git_stores_it_and_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join("work");
        std::fs::create_dir_all(work.join("meetings")).unwrap();
        std::fs::write(dir.path().join("outside.toml"), "secret").unwrap();
        let blob = |bytes: &[u8]| Oid::hash_object(ObjectType::Blob, bytes).unwrap();
        let at = |path: &str| work_blob(&work, Path::new(path)).unwrap();

        std::fs::write(work.join("meetings/a.toml"), "title = \"A\"\n").unwrap();
        assert!(matches!(at("meetings/a.toml"), Work::Blob(id) if id == blob(b"title = \"A\"\n")));
        assert!(matches!(at("meetings/none.toml"), Work::Missing));
        // A link is its target's name, as git records it, not what it names.
        let outside = dir.path().join("outside.toml");
        std::os::unix::fs::symlink(&outside, work.join("meetings/b.toml")).unwrap();
        let name = outside.to_str().unwrap().as_bytes();
        assert!(matches!(at("meetings/b.toml"), Work::Blob(id) if id == blob(name)));
        // A FIFO is never opened, and a linked folder never entered.
        let fifo = work.join("meetings/c.toml");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        assert!(matches!(at("meetings/c.toml"), Work::Other));
        std::os::unix::fs::symlink(dir.path(), work.join("linked")).unwrap();
        assert!(matches!(at("linked/outside.toml"), Work::Other));
    }
}
