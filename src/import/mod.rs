//! Markdown minutes into meetings: pure, text in and meetings out.
//!
//! A file is read by a profile (`profile`, detected unless named) through
//! the shared reading of `engine`, into a draft whose people are still
//! names; the people of the whole import become one roster (`roster`);
//! then each draft becomes a meeting with its id (`ids`), and the report
//! (`report`) says per file what was found and every line that did not
//! end up in the meeting. `history` plans the replay of a repository's
//! revisions as commits. Nothing here reads or writes a file, or knows
//! git: the command does the writing and the history replay.

pub mod dates;
pub mod engine;
pub mod history;
pub mod ids;
pub mod ledger;
pub mod markdown;
pub mod markers;
pub mod people;
pub mod profile;
pub mod refs;
pub mod report;
pub mod roster;
pub mod select;
pub mod write;

mod assemble;

pub use assemble::{Converted, DateFrom, Done, Input, Options, convert};
pub use profile::Profile;

use engine::{Draft, Shape};
use markdown::Outline;

/// How an import records its meetings in git.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryMode {
    /// Every revision of every file, each source commit as one commit.
    Replay,
    /// One commit with every meeting.
    Squash,
    /// The files only, for the person to commit.
    None,
}

impl HistoryMode {
    pub const NAMES: &'static [&'static str] = &["replay", "squash", "none"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl std::str::FromStr for HistoryMode {
    type Err = crate::error::Error;

    fn from_str(name: &str) -> Result<HistoryMode, Self::Err> {
        [HistoryMode::Replay, HistoryMode::Squash, HistoryMode::None]
            .into_iter()
            .find(|m| m.as_str() == name)
            .ok_or_else(|| {
                crate::error::Error::usage(format!("there is no history mode `{name}`"))
                    .with_help(format!("use one of: {}", Self::NAMES.join(", ")))
            })
    }
}

impl DateFrom {
    pub const NAMES: &'static [&'static str] = &["file", "heading"];
}

impl std::str::FromStr for DateFrom {
    type Err = crate::error::Error;

    fn from_str(name: &str) -> Result<DateFrom, Self::Err> {
        match name {
            "file" => Ok(DateFrom::File),
            "heading" => Ok(DateFrom::Heading),
            _ => Err(crate::error::Error::usage(format!(
                "`{name}` is not where a date comes from"
            ))
            .with_help("use file (the file's name) or heading (its title)")),
        }
    }
}

/// Which profile reads the files.
#[derive(Clone, Copy, Debug)]
pub enum ProfileChoice {
    /// The one that fits each file best, `generic` below the threshold.
    Auto,
    Named(&'static Profile),
}

impl ProfileChoice {
    /// `auto` and the names of the profiles, for `--help`.
    pub const NAMES: &'static [&'static str] =
        &["auto", "nodejs-tsc", "rust-council", "w3c-wecg", "generic"];
}

impl std::str::FromStr for ProfileChoice {
    type Err = crate::error::Error;

    fn from_str(name: &str) -> Result<ProfileChoice, Self::Err> {
        if name == "auto" {
            return Ok(ProfileChoice::Auto);
        }
        profile::named(name)
            .map(ProfileChoice::Named)
            .ok_or_else(|| {
                crate::error::Error::usage(format!("there is no profile `{name}`")).with_help(
                    format!("use auto, or one of: {}", profile::names().join(", ")),
                )
            })
    }
}

/// One file read by a profile.
#[derive(Debug)]
pub struct Read {
    pub profile: &'static Profile,
    pub era: &'static str,
    /// How well the profile fits, from 0 to 1.
    pub confidence: f32,
    /// `auto` found no profile that fits well enough.
    pub fell_back: bool,
    pub draft: Draft,
}

/// The text of a source file's bytes: not a binary file (an image, an
/// archive), and strictly UTF-8.
pub fn text_of(bytes: Vec<u8>, shown: &std::path::Path) -> crate::error::Result<String> {
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return Err(crate::diagnostic::Diagnostic::file(
            shown,
            "the file is binary, not Markdown text",
        )
        .with_help("leave it out with --exclude, or name only the minutes with --path")
        .into());
    }
    crate::fsio::text(bytes, shown)
}

/// Reads one file's text.
pub fn read(text: &str, choice: ProfileChoice) -> Read {
    let outline = Outline::parse(text);
    let shape = Shape::of(&outline);
    let (profile, confidence, fell_back) = match choice {
        ProfileChoice::Named(p) => (p, (p.detect)(&outline, &shape), false),
        ProfileChoice::Auto => {
            let best = profile::ALL
                .iter()
                .filter(|p| p.name != profile::GENERIC.name)
                .map(|p| (*p, (p.detect)(&outline, &shape)))
                .fold(
                    None,
                    |best: Option<(&'static Profile, f32)>, (p, s)| match best {
                        Some((_, b)) if b >= s => best,
                        _ => Some((p, s)),
                    },
                );
            match best {
                Some((p, score)) if score >= profile::THRESHOLD => (p, score, false),
                Some((_, score)) => (profile::GENERIC, score, true),
                None => (profile::GENERIC, 0.0, true),
            }
        }
    };
    let era = (profile.era)(&outline, &shape);
    Read {
        profile,
        era,
        confidence,
        fell_back,
        draft: engine::read(&outline, profile),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_offers_every_profile() {
        let mut offered: Vec<&str> = ProfileChoice::NAMES.to_vec();
        offered.retain(|n| *n != "auto");
        assert_eq!(offered, profile::names());
    }

    #[test]
    fn auto_picks_the_profile_that_fits_and_falls_back_below_the_threshold() {
        let council = "# Council meeting 2025-05-16\n\n## Attendance\n\n- Council members: Ana, Rui\n\n\
                       ## Meeting roles\n\n- Facilitator: Ana\n\n## Nominated issues\n\n\
                       ### \"Budget\" leadership-council#3\n";
        let read_as = read(council, ProfileChoice::Auto);
        assert_eq!(
            (read_as.profile.name, read_as.era, read_as.fell_back),
            ("rust-council", "template-2024", false)
        );
        let stranger = "Minutes of the garden club\n\nWe met and planted tulips.\n";
        let read_as = read(stranger, ProfileChoice::Auto);
        assert_eq!((read_as.profile.name, read_as.fell_back), ("generic", true));
        let forced = read(
            stranger,
            ProfileChoice::Named(profile::named("w3c-wecg").unwrap()),
        );
        assert_eq!((forced.profile.name, forced.fell_back), ("w3c-wecg", false));
    }

    #[test]
    fn binary_bytes_are_refused_before_their_encoding() {
        let shown = std::path::Path::new("x/2025-01-08.md");
        assert!(text_of(b"\x89PNG\0\0".to_vec(), shown).is_err());
        assert_eq!(text_of(b"# Call\n".to_vec(), shown).unwrap(), "# Call\n");
    }
}
