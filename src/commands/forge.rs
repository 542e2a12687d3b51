//! `minutes setup git` and `minutes setup ci github|gitlab`: what a group
//! needs to share an archive through a forge.
//!
//! `setup git` writes `.gitattributes` (meeting files, translations and
//! minutes.toml merge with `minutes`) and registers the merge driver in the
//! repository's configuration (`git::register_driver`), so that
//! `git merge` and `git pull` merge meetings by meaning as `minutes sync`
//! does; `init` does the same.
//! `setup ci` writes a workflow that runs `minutes check` on every push
//! and builds the site of the published minutes.
//! Nothing a person wrote is overwritten without `--force`.

use std::path::PathBuf;

use super::Global;
use crate::cli::Forge;
use crate::error::{Error, Result};
use crate::fsio;
use crate::git::{self, ATTRIBUTES_FILE, Repo};
use crate::ui;

pub fn git(global: &Global) -> Result<()> {
    let archive = global.archive()?;
    let repo = Repo::open(&archive.root)?;
    let done = git::register_driver(&archive.root, &repo)?;
    for line in &done {
        global.note(line);
    }
    if done.is_empty() {
        global.note("git is set up already: meeting files merge with `minutes merge-file`");
    } else if done.iter().any(|d| d.contains(ATTRIBUTES_FILE)) {
        global
            .note("commit .gitattributes so that the group merges the same way (`minutes commit`)");
    }
    Ok(())
}

pub fn ci(global: &Global, forge: Forge, force: bool) -> Result<()> {
    let archive = global.archive()?;
    let (file, text) = match forge {
        Forge::Github => (".github/workflows/minutes.yml", GITHUB),
        Forge::Gitlab => (".gitlab-ci.yml", GITLAB),
    };
    let shown = PathBuf::from(file);
    let path = archive.root.join(file);
    if force {
        fsio::write_atomic(&path, &shown, text.as_bytes())?;
    } else if path.exists() {
        return Err(
            Error::failed(format!("{file} exists already; nothing was written"))
                .with_help("add `minutes check` to it by hand, or replace it with --force"),
        );
    } else {
        fsio::create_new(&path, &shown, text.as_bytes())?;
    }
    if global.json {
        return ui::print_json(&serde_json::json!({ "written": file }));
    }
    global.note(&format!(
        "wrote {file}: every push runs `minutes check` and builds the site once it is committed \
         (`git add {file} && git commit`)"
    ));
    Ok(())
}

/// The GitHub Actions workflow and the GitLab CI configuration. Each ends
/// with the jobs that build the site (`minutes site`), marked `# --- site:`,
/// and publish it with the forge's pages.
const GITHUB: &str = include_str!("ci/github.yml");
const GITLAB: &str = include_str!("ci/gitlab.yml");
