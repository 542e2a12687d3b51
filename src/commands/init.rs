//! `minutes init`: create an archive from flags, or from answers at a prompt.

use std::fmt::Display;
use std::io::IsTerminal;
use std::path::Path;
use std::str::FromStr;

use super::Global;
use crate::archive;
use crate::cli::InitArgs;
use crate::config::{self, Setup};
use crate::error::{Error, Result};
use crate::git::{self, Init};
use crate::{clock, ui};

pub fn run(global: &Global, args: InitArgs) -> Result<()> {
    let dir = match &args.dir {
        Some(dir) => global.dir.join(dir),
        None => global.dir.clone(),
    };
    let config_path = dir.join(config::FILE_NAME);
    if config_path.exists() {
        return Err(Error::failed(format!(
            "{} exists already: this folder is an archive",
            config_path.display()
        ))
        .with_help("edit minutes.toml to change the archive; nothing was changed"));
    }
    let text = setup(args)?.text(clock::now()?).map_err(|problem| {
        Error::usage(format!("--{}: {}", problem.key, problem.message)).with_help(problem.help)
    })?;
    let written = archive::create(&dir, &text)?;
    global.note(&format!(
        "created {} and meetings/ in {}",
        config::FILE_NAME,
        dir.display()
    ));
    let created = git::init_repository(&dir)?;
    // Meeting files merge by meaning in `git merge` and `git pull` too.
    let attributes = match git::Repo::open(&dir).and_then(|repo| git::register_driver(&dir, &repo))
    {
        Ok(_) => Some(Path::new(git::ATTRIBUTES_FILE)),
        Err(e) => {
            global.note(&format!(
                "the merge driver was not set up: {e} (`minutes setup git` tries again)"
            ));
            None
        }
    };
    match created {
        Init::Created => {
            let mut paths = written.to_vec();
            paths.extend(attributes);
            match git::commit_paths(&dir, &paths, "Start the minutes archive") {
                Ok(_) => global.note("made it a git repository, with a first commit"),
                Err(e) => global.note(&format!("made it a git repository; not committed: {e}")),
            }
        }
        Init::Existing => global.note(
            "the folder is in a git repository already; commit minutes.toml and .gitattributes when ready",
        ),
    }
    global.note("next: `minutes new` drafts the first meeting");
    Ok(())
}

/// The flags given, the questions for the others answered at a terminal,
/// or their defaults.
fn setup(args: InitArgs) -> Result<Setup> {
    let ask = Questions {
        interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
    };
    let zone = clock::system_zone();
    let today = clock::now()?.with_timezone(&zone).date_naive();
    let title = ask.or("Title of the archive", args.title, "Weekly call")?;
    let every = ask.or("How often (week, 2 weeks, month)", args.every, "week")?;
    let on = ask.or("Meeting day", args.on, &Setup::default_day(&every, today))?;
    Ok(Setup {
        title,
        every,
        series: args.series.unwrap_or(Setup::default_series(&on)),
        on,
        at: ask.or("Start time (HH:MM)", args.at, "18:00")?,
        duration: ask.or("Duration", args.duration, "1h")?,
        timezone: ask.or("Time zone", args.timezone, zone.name())?,
        language: ask.or("Language of the minutes", args.language, "en")?,
    })
}

struct Questions {
    interactive: bool,
}

impl Questions {
    /// The value `given` on the command line; else, at a terminal, the
    /// answer to `question`; else `default`.
    fn or<T: FromStr<Err = E>, E: Display>(
        &self,
        question: &str,
        given: Option<T>,
        default: &str,
    ) -> Result<T> {
        if let Some(value) = given {
            return Ok(value);
        }
        if self.interactive {
            if let Some(answer) = ui::ask(question, default)? {
                return Ok(answer);
            }
        }
        default
            .parse()
            .map_err(|e| Error::failed(format!("the default `{default}` does not read: {e}")))
    }
}
