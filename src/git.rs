//! The only user of git2: the archive's repository, in domain terms.
//!
//! Other modules ask for operations on meetings and files ("make this folder
//! a repository", "record these files"); they never see a git2 type.

use std::path::Path;

use git2::{IndexAddOption, Repository, Signature};

use crate::error::{Error, Result};

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

/// Where the archive index lives: `minutes/` in the git directory of the
/// repository holding `root`, created when missing; `None` outside git.
pub fn index_dir(root: &Path) -> Option<std::path::PathBuf> {
    let repo = Repository::discover(root).ok()?;
    let dir = repo.path().join("minutes");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}

/// Records `paths` (relative to the repository's work tree) in a commit on
/// the current branch. Fails without changing anything when git has no
/// author identity.
pub fn commit_paths(dir: &Path, paths: &[&Path], message: &str) -> Result<String> {
    let repo = Repository::discover(dir)
        .map_err(|e| Error::failed(format!("not in a git repository: {}", e.message())))?;
    let signature = author(&repo)?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| Error::failed("the repository has no work tree"))?
        .to_path_buf();
    let base = std::path::absolute(dir).map_err(|e| Error::io("resolve", dir, e))?;
    let prefix = base.strip_prefix(&workdir).unwrap_or(Path::new(""));
    let mut index = repo.index().map_err(fail("read the git index"))?;
    let specs: Vec<_> = paths.iter().map(|p| prefix.join(p)).collect();
    index
        .add_all(specs.iter(), IndexAddOption::DEFAULT, None)
        .map_err(fail("stage the files"))?;
    index.write().map_err(fail("write the git index"))?;
    let tree_id = index.write_tree().map_err(fail("write the tree"))?;
    let tree = repo.find_tree(tree_id).map_err(fail("read the tree"))?;
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<_> = parent.iter().collect();
    let id = repo
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            message,
            &tree,
            &parents,
        )
        .map_err(fail("commit"))?;
    Ok(id.to_string())
}

fn author(repo: &Repository) -> Result<Signature<'static>> {
    repo.signature().map_err(|_| {
        Error::failed("git does not know who you are, so nothing was committed").with_help(
            "set your name and e-mail with\n  git config --global user.name \"Your Name\"\n  git config --global user.email you@example.org",
        )
    })
}

fn fail(action: &'static str) -> impl Fn(git2::Error) -> Error {
    move |e| Error::failed(format!("git: cannot {action}: {}", e.message()))
}
