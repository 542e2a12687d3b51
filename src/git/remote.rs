//! The network side of the repository: fetch and push through the `git`
//! program, so that the user's ssh configuration, keys, agents, credential
//! helpers and proxies work as they do for git itself (libgit2 ignores
//! `~/.ssh/config` and would need OpenSSL built in).
//!
//! Which remote and branch to talk to is read through git2 like the rest of
//! the configuration; only the transfer runs `git`.

use std::path::Path;
use std::process::Command;

use git2::BranchType;

use super::{Repo, fail};
use crate::error::{Error, Result};

/// The remote branch that the current branch exchanges commits with.
#[derive(Debug, Clone)]
pub struct Remote {
    /// The remote's name: `origin`.
    pub name: String,
    /// The branch on the remote: `main`.
    pub branch: String,
    /// Whether the local branch already tracks it (else a push sets it up).
    pub tracked: bool,
}

impl Remote {
    /// `origin/main`, as people and `git status` name it.
    pub fn label(&self) -> String {
        format!("{}/{}", self.name, self.branch)
    }

    fn tracking_ref(&self) -> String {
        format!("refs/remotes/{}/{}", self.name, self.branch)
    }
}

/// What a push came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Pushed {
    /// The remote took the commits (or had them already).
    Done,
    /// Someone pushed meanwhile: fetch and integrate, then push again.
    Behind,
}

impl Repo {
    /// The remote of the current branch: `remote` (with the branch of the
    /// same name) when given, else the branch's upstream, else the only
    /// remote there is.
    pub fn remote_for(&self, remote: Option<&str>) -> Result<Remote> {
        let branch = self.current_branch()?;
        let configured = self.upstream_of(&branch);
        if let Some(name) = remote {
            self.repo.find_remote(name).map_err(|_| {
                Error::usage(format!("there is no remote named `{name}`")).with_help(
                    "`git remote -v` lists the remotes; `git remote add NAME URL` adds one",
                )
            })?;
            let tracked = configured.as_ref().is_some_and(|r| r.name == name);
            let branch = match configured {
                Some(r) if r.name == name => r.branch,
                _ => branch,
            };
            return Ok(Remote {
                name: name.to_string(),
                branch,
                tracked,
            });
        }
        if let Some(upstream) = configured {
            return Ok(upstream);
        }
        let remotes = self.repo.remotes().map_err(fail("list the remotes"))?;
        let names: Vec<&str> = remotes.iter().flatten().flatten().collect();
        match names.as_slice() {
            [one] => Ok(Remote {
                name: one.to_string(),
                branch,
                tracked: false,
            }),
            [] => Err(Error::failed(
                "this repository has no remote, so there is nobody to sync with",
            )
            .with_help(
                "add the group's repository with `git remote add origin URL`, then run `minutes sync`",
            )),
            many => Err(Error::failed(format!(
                "the branch `{branch}` has no upstream, and there are several remotes ({})",
                many.join(", ")
            ))
            .with_help("name one: `minutes sync --remote NAME`")),
        }
    }

    /// The branch HEAD is on; refuses a detached HEAD.
    pub fn current_branch(&self) -> Result<String> {
        let head = self.head()?;
        head.branch.ok_or_else(|| {
            Error::failed("HEAD is detached (on no branch), so there is no branch to sync")
                .with_help("switch to the archive's branch first: `git switch main`")
        })
    }

    fn upstream_of(&self, branch: &str) -> Option<Remote> {
        let config = self.repo.config().ok()?;
        let name = config.get_string(&format!("branch.{branch}.remote")).ok()?;
        let merge = config.get_string(&format!("branch.{branch}.merge")).ok()?;
        let remote_branch = merge.strip_prefix("refs/heads/")?.to_string();
        (name != ".").then_some(Remote {
            name,
            branch: remote_branch,
            tracked: true,
        })
    }

    /// The commit of the remote branch as of the last fetch, if it exists.
    pub fn remote_head(&self, remote: &Remote) -> Option<String> {
        self.repo
            .find_reference(&remote.tracking_ref())
            .ok()
            .and_then(|r| r.target())
            .map(|oid| oid.to_string())
    }

    /// Whether a local branch named `name` exists.
    pub fn has_branch(&self, name: &str) -> bool {
        self.repo.find_branch(name, BranchType::Local).is_ok()
    }

    /// Fetches the remote's branches (`git fetch NAME`).
    pub fn fetch(&self, remote: &Remote) -> Result<()> {
        let output = self.git(&["fetch", "--quiet", &remote.name])?;
        if !output.status.success() {
            return Err(Error::failed(format!(
                "git could not fetch from {}:\n{}",
                remote.name,
                trimmed(&output.stderr)
            ))
            .with_help(format!(
                "check the address (`git remote get-url {0}`) and that you can reach it \
                 (`git fetch {0}`); nothing was changed",
                remote.name
            )));
        }
        Ok(())
    }

    /// Pushes HEAD to the remote branch; sets the upstream when the branch
    /// did not track it yet.
    pub fn push(&self, remote: &Remote) -> Result<Pushed> {
        let target = format!("HEAD:refs/heads/{}", remote.branch);
        let mut args = vec!["push", "--porcelain"];
        if !remote.tracked {
            args.push("--set-upstream");
        }
        args.push(&remote.name);
        args.push(&target);
        let output = self.git(&args)?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        // Refused because the branch moved: before the push began ("fetch
        // first"), or while it ran ("failed to update ref").
        let rejected = stdout.lines().any(|l| {
            l.starts_with('!')
                && (l.contains("non-fast-forward")
                    || l.contains("fetch first")
                    || l.contains("failed to update ref"))
        });
        if rejected {
            return Ok(Pushed::Behind);
        }
        if !output.status.success() {
            let mut text = trimmed(&output.stderr);
            if let Some(line) = stdout.lines().find(|l| l.starts_with('!')) {
                text = format!("{}\n{text}", line.trim());
            }
            return Err(Error::failed(format!(
                "git could not push to {}:\n{}",
                remote.label(),
                text.trim()
            ))
            .with_help(
                "your commits are safe here; fix what git says above, then run `minutes sync` again",
            ));
        }
        Ok(Pushed::Done)
    }

    /// When the remote branch was last fetched, as far as git records it.
    pub fn last_fetch(&self) -> Option<std::time::SystemTime> {
        std::fs::metadata(self.repo.path().join("FETCH_HEAD"))
            .and_then(|m| m.modified())
            .ok()
    }

    /// Runs `git` in the work tree, with its output captured.
    fn git(&self, args: &[&str]) -> Result<std::process::Output> {
        let dir = self.repo.workdir().unwrap_or(self.repo.path());
        run_git(dir, args)
    }
}

/// Whether the `git` program can be run.
pub fn git_installed() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run_git(dir: &Path, args: &[&str]) -> Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // A prompt for a password must reach the person, not our capture.
        .stdin(std::process::Stdio::inherit())
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                not_installed()
            } else {
                Error::failed(format!("cannot run git {}: {e}", args.join(" ")))
            }
        })
}

/// The error when the `git` program is missing.
pub fn not_installed() -> Error {
    Error::failed(
        "the `git` program is not installed (or not on PATH): minutes reaches remotes through it, \
         so that your ssh keys and credentials work as they do for git; nothing was changed",
    )
    .with_help("install git (https://git-scm.com/downloads, or `apt install git`), then run the command again")
}

fn trimmed(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_string()
}
