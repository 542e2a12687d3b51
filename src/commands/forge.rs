//! `minutes setup git` and `minutes setup ci github|gitlab`: what a group
//! needs to share an archive through a forge.
//!
//! `setup git` writes `.gitattributes` (meeting files, translations and
//! minutes.toml merge with `minutes`) and registers the merge driver in the
//! repository's configuration, so that `git merge` and `git pull` merge
//! meetings by meaning as `minutes sync` does; `init` does the same.
//! `setup ci` writes a workflow that runs `minutes check` on every push
//! and builds the site of the published minutes.
//! Nothing a person wrote is overwritten without `--force`.

use std::path::{Path, PathBuf};

use super::Global;
use crate::cli::Forge;
use crate::error::{Error, Result};
use crate::fsio;
use crate::git::Repo;
use crate::ui;

/// The lines of `.gitattributes` that hand our files to the driver.
const ATTRIBUTES: &[&str] = &[
    "meetings/**/*.toml merge=minutes",
    "minutes.toml merge=minutes",
];
const ATTRIBUTES_FILE: &str = ".gitattributes";

pub fn git(global: &Global) -> Result<()> {
    let archive = global.archive()?;
    let repo = Repo::open(&archive.root)?;
    let done = register(&archive.root, &repo)?;
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

/// Writes the attributes and the driver where they are missing; says what
/// it did.
pub fn register(root: &Path, repo: &Repo) -> Result<Vec<String>> {
    let mut done = Vec::new();
    let path = root.join(ATTRIBUTES_FILE);
    // Read as every file of the archive is: a link would have the file it
    // names copied into .gitattributes, and then committed.
    let old = match fsio::Kind::at(&path) {
        Err(_) => String::new(),
        Ok(_) => fsio::read_text(&path, Path::new(ATTRIBUTES_FILE))?,
    };
    let missing: Vec<&str> = ATTRIBUTES
        .iter()
        .copied()
        .filter(|line| !old.lines().any(|l| l.trim() == *line))
        .collect();
    if !missing.is_empty() {
        let mut text = old.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        if old.is_empty() {
            text.push_str("# Meetings, translations and minutes.toml merge by meaning (`minutes setup git`).\n");
        }
        for line in &missing {
            text.push_str(line);
            text.push('\n');
        }
        fsio::write_atomic(&path, Path::new(ATTRIBUTES_FILE), text.as_bytes())?;
        done.push(format!("wrote {ATTRIBUTES_FILE}: {}", missing.join(", ")));
    }
    let command = format!("{} merge-file %O %A %B %P", executable());
    if repo.set_merge_driver("minutes", "minutes: meetings merged by meaning", &command)? {
        done.push(format!(
            "registered the merge driver in .git/config: {command}"
        ));
    }
    Ok(done)
}

/// How git should call this program: `minutes` when that is what PATH
/// finds, else its full path, so that the driver runs even when it is not
/// installed (a build in a project folder).
fn executable() -> String {
    let Ok(me) = std::env::current_exe().and_then(std::fs::canonicalize) else {
        return "minutes".into();
    };
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths)
            .any(|dir| std::fs::canonicalize(dir.join("minutes")).is_ok_and(|found| found == me))
    });
    if on_path {
        return "minutes".into();
    }
    let text = me.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
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
