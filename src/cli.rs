//! The command line: clap definitions whose doc comments are the help text.
//!
//! Nothing here does work. [`Cli::into_parts`] turns what the user typed
//! into the plain option structs of `commands`, which never see clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands::{self, Command as Run, Global};

/// Keep the minutes of a recurring teleconference in git, and publish them.
///
/// An archive is a folder (a git repository) with a minutes.toml at its root
/// and one TOML file per meeting under meetings/<year>/. Run `minutes init`
/// to create one; `minutes new` drafts the next meeting; `minutes check`
/// validates everything.
#[derive(Debug, Parser)]
#[command(name = "minutes", version, max_term_width = 100)]
pub struct Cli {
    /// Run as if minutes was started in DIR
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub dir: Option<PathBuf>,

    /// Print machine-readable JSON (commands that list or show)
    #[arg(long, global = true)]
    pub json: bool,

    /// When to use colour
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN", global = true)]
    pub color: Color,

    /// Print only what was asked for: no notes on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an archive: minutes.toml, meetings/, and a git repository
    Init(InitArgs),
    /// Draft the next meeting of a series, at status "agenda"
    New(NewArgs),
    /// Work on the agenda of an upcoming meeting
    #[command(subcommand)]
    Agenda(AgendaCommand),
    /// Open a meeting in $VISUAL or $EDITOR, then check it
    Edit(EditArgs),
    /// Validate minutes.toml and the meetings; report every problem
    Check(CheckArgs),
    /// List the meetings with date, status and items
    List(ListArgs),
    /// Show one meeting
    Show(ShowArgs),
    /// Show the next dates of a series, skipped dates left out
    Next(NextArgs),
    /// Record the changed minutes in git, with a message that says what changed
    Commit(CommitArgs),
    /// The revisions of a meeting (or of the archive): who, when, what changed
    Log(LogArgs),
    /// What changed in a meeting between revisions: items, fields, words in notes
    Diff(DiffArgs),
    /// For each field and item of a meeting, the last commit that changed it
    Blame(BlameArgs),
    /// Move a meeting to another date, as a rename git can follow
    Redate(RedateArgs),
    /// Where recent and upcoming meetings stand, and what is not committed yet
    Status,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the archive in (default: the current folder)
    pub dir: Option<PathBuf>,
    /// The archive's title, shown on rendered pages
    #[arg(long)]
    pub title: Option<String>,
    /// How often the series meets: "week", "2 weeks", "month"
    #[arg(long)]
    pub every: Option<String>,
    /// The meeting day: "tuesday"; for monthly series "first tuesday" ... "last tuesday"
    #[arg(long)]
    pub on: Option<String>,
    /// The local start time, HH:MM
    #[arg(long)]
    pub at: Option<String>,
    /// How long a call lasts: "1h", "90m"
    #[arg(long)]
    pub duration: Option<String>,
    /// The IANA time zone of the meeting times, e.g. Europe/Rome
    #[arg(long)]
    pub timezone: Option<String>,
    /// The language the minutes are written in (en, de, it ...)
    #[arg(long)]
    pub language: Option<String>,
    /// The name of the series in minutes.toml (default: from the meeting day)
    #[arg(long)]
    pub series: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The date of the meeting (default: the next scheduled date without a meeting)
    pub date: Option<String>,
    /// The series (needed when the archive has more than one)
    #[arg(long)]
    pub series: Option<String>,
    /// Accept a date that is skipped or not on the schedule
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum AgendaCommand {
    /// Add an item to an upcoming meeting
    Add(AgendaAddArgs),
}

#[derive(Debug, Args)]
pub struct AgendaAddArgs {
    /// The item's title
    pub title: String,
    /// The meeting (default: the next meeting at status "agenda")
    #[arg(long, value_name = "MEETING")]
    pub meeting: Option<String>,
    /// A tag; repeat for several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Minutes set aside for the item
    #[arg(long, value_name = "MIN")]
    pub timebox: Option<u32>,
    /// Who introduces the item (a handle from [people])
    #[arg(long)]
    pub presenter: Option<String>,
    /// The item's id (default: derived from the title)
    #[arg(long)]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The meeting: an id, `latest` or `next` (default: latest)
    #[arg(default_value = "latest")]
    pub meeting: String,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check only these meetings (minutes.toml is always checked)
    pub meetings: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only meetings with this status: agenda, draft, final, published
    #[arg(long)]
    pub status: Option<String>,
    /// Only meetings of this year
    #[arg(long)]
    pub year: Option<i32>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The meeting: an id, `latest` or `next`
    pub meeting: String,
    /// Show the meeting as it was at this revision (HEAD~2, a commit id, a tag)
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct CommitArgs {
    /// Commit only these meetings (default: every changed meeting)
    pub meetings: Vec<String>,
    /// The commit message (default: written from what changed)
    #[arg(short, long, value_name = "MSG")]
    pub message: Option<String>,
    /// The author, "Name <mail>" (default: git's user.name and user.email)
    #[arg(long, value_name = "AUTHOR")]
    pub author: Option<String>,
    /// Commit even when `minutes check` finds errors
    #[arg(long)]
    pub no_verify: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The meeting: an id, `latest` or `next` (default: the whole archive)
    pub meeting: Option<String>,
    /// Show at most N revisions
    #[arg(short = 'n', value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The meeting: an id, `latest` or `next`
    pub meeting: String,
    /// Revisions (HEAD~2, a commit id, a tag): none compares HEAD with the
    /// file, one compares that revision with the file, two compare each other
    #[arg(value_name = "REV", num_args = 0..=2)]
    pub revs: Vec<String>,
}

#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The meeting: an id, `latest` or `next`
    pub meeting: String,
}

#[derive(Debug, Args)]
pub struct RedateArgs {
    /// The meeting to move: an id, `latest` or `next`
    pub meeting: String,
    /// The new date, YYYY-MM-DD
    pub date: String,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    /// How many dates to show
    #[arg(long, short = 'n', default_value_t = 5)]
    pub count: usize,
    /// The series (default: every series)
    #[arg(long)]
    pub series: Option<String>,
}

impl Cli {
    /// Splits the command line into global settings and the command to run.
    pub fn into_parts(self) -> (Global, Color, Run) {
        let global = Global {
            dir: self.dir.unwrap_or_else(|| PathBuf::from(".")),
            json: self.json,
            quiet: self.quiet,
        };
        let run = match self.command {
            Command::Init(a) => Run::Init(commands::init::Options {
                dir: a.dir,
                title: a.title,
                every: a.every,
                on: a.on,
                at: a.at,
                duration: a.duration,
                timezone: a.timezone,
                language: a.language,
                series: a.series,
            }),
            Command::New(a) => Run::New(commands::new::Options {
                date: a.date,
                series: a.series,
                force: a.force,
            }),
            Command::Agenda(AgendaCommand::Add(a)) => Run::AgendaAdd(commands::agenda::Options {
                title: a.title,
                meeting: a.meeting,
                tags: a.tags,
                timebox: a.timebox,
                presenter: a.presenter,
                id: a.id,
            }),
            Command::Edit(a) => Run::Edit { meeting: a.meeting },
            Command::Check(a) => Run::Check {
                meetings: a.meetings,
            },
            Command::List(a) => Run::List(commands::list::Options {
                status: a.status,
                year: a.year,
            }),
            Command::Show(a) => Run::Show {
                meeting: a.meeting,
                at: a.at,
            },
            Command::Next(a) => Run::Next {
                count: a.count,
                series: a.series,
            },
            Command::Commit(a) => Run::Commit(commands::commit::Options {
                meetings: a.meetings,
                message: a.message,
                author: a.author,
                no_verify: a.no_verify,
            }),
            Command::Log(a) => Run::Log(commands::log::Options {
                meeting: a.meeting,
                limit: a.limit,
            }),
            Command::Diff(a) => Run::Diff(commands::diff::Options {
                meeting: a.meeting,
                revs: a.revs,
            }),
            Command::Blame(a) => Run::Blame { meeting: a.meeting },
            Command::Redate(a) => Run::Redate(commands::redate::Options {
                meeting: a.meeting,
                date: a.date,
            }),
            Command::Status => Run::Status,
        };
        (global, self.color, run)
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
