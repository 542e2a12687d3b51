//! `minutes completions SHELL` and `minutes man DIR`: what a shell and
//! `man` need to know of the tool, generated from the command line itself
//! so that they never fall behind it.
//!
//! The manual is one page per command, as git's is: minutes(1), and
//! minutes-COMMAND(1) for each command (minutes-agenda-add(1) for the
//! commands of a group).

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use super::Global;
use crate::cli::{Cli, Shell};
use crate::error::{Error, Result};
use crate::plural::count;
use crate::{fsio, ui};

/// The date the pages carry: that of the last change to the command line,
/// fixed so that the same build writes the same pages.
const MAN_DATE: &str = "2026-12-01";

pub fn completions(shell: Shell) -> Result<()> {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "minutes", &mut script);
    ui::print(&String::from_utf8_lossy(&script))
}

pub fn man(global: &Global, dir: &Path, force: bool) -> Result<()> {
    // `-C DIR` means "as if started in DIR": a relative folder starts there.
    let target = global.dir.join(dir);
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(&command, &mut pages)?;
    let existing: Vec<String> = pages
        .iter()
        .filter(|(name, _)| target.join(name).exists())
        .map(|(name, _)| name.display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Error::failed(format!(
            "{} has {} already: {}",
            dir.display(),
            count(existing.len(), "manual page"),
            existing.join(", ")
        ))
        .with_help("pass --force to replace them with the pages of this version"));
    }
    // Every page is rendered before the first is written.
    for (name, text) in &pages {
        fsio::write_atomic(&target.join(name), &dir.join(name), text)?;
    }
    global.note(&format!(
        "wrote {} in {}; `man minutes` finds them when the folder is on the manual path",
        count(pages.len(), "manual page"),
        dir.display()
    ));
    Ok(())
}

/// The page of `command`, then those of its visible subcommands.
fn collect(command: &clap::Command, pages: &mut Vec<(PathBuf, Vec<u8>)>) -> Result<()> {
    let man = clap_mangen::Man::new(command.clone())
        .title(
            command
                .get_display_name()
                .unwrap_or("minutes")
                .to_uppercase(),
        )
        .date(MAN_DATE)
        .manual("minutes manual");
    let mut text = Vec::new();
    man.render(&mut text)
        .map_err(|e| Error::failed(format!("cannot write the manual page: {e}")))?;
    pages.push((PathBuf::from(man.get_filename()), text));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}
