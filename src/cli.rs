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
    pub chdir: Option<PathBuf>,

    /// Print machine-readable JSON (commands that list or show)
    #[arg(long, global = true)]
    pub json: bool,

    /// When to use colour
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN", global = true)]
    pub color: Color,

    /// Print only what was asked for: no notes on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Say more on stderr (what the archive index did)
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Read every meeting file instead of the index under .git/minutes/
    /// (also MINUTES_NO_INDEX=1); results are the same
    #[arg(long, global = true)]
    pub no_index: bool,

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
    /// Render a meeting as an article, formal minutes or an agenda, or a tag's dossier
    ///
    /// The template `<kind>.<format>` comes from the archive's templates/
    /// folder when it has one of that name, else it is built in. Phrases and
    /// dates follow --lang; a translation beside the meeting
    /// (<id>.<lang>.toml) is used when there is one. The report goes to
    /// stdout, or with -o into a file, written only once the whole report
    /// has rendered; an existing file is replaced only with --force, and
    /// never a file of the archive's meetings/ or its minutes.toml.
    ///
    /// `--template dossier --tag TAG` renders, instead of one meeting, every
    /// public item on the tag in date order, with its notes, decisions,
    /// sources and the status of its actions, as a page for publication:
    /// private items, attendees and action owners never appear on it.
    Render(RenderArgs),
    /// See which templates are in force; copy a built-in out to customize it
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// List action items across meetings, with their status folded from later updates
    ///
    /// An action is agreed in one meeting ([[items.actions]]) and reviewed in
    /// later ones ([[updates]] with status open, done or dropped); the last
    /// update decides its status. An action is overdue when it is open and its
    /// due date has passed. Shows open actions unless --all is given.
    Actions(ActionsArgs),
    /// List the tags of the items, with how many meetings and items carry each
    Topics,
    /// Show the dossier of a tag: every item on it in date order
    ///
    /// Each item comes with its notes, decisions, sources, and the actions
    /// agreed under it with their status now.
    Topic(TopicArgs),
    /// List the decisions taken across meetings, each with its meeting and item
    Decisions(DecisionsArgs),
    /// List every source cited across meetings (the reading list), each once
    ///
    /// Citations of the same title (ignoring case, accents, spacing and
    /// punctuation) whose author and publisher agree, where both give one, are
    /// one source.
    Sources(SourcesArgs),
    /// Search titles, leads, notes, decisions, sources and actions of the items
    ///
    /// Matching ignores case and accents ("martedi" finds "martedì") and starts
    /// at the beginning of a word ("congo" finds "Congolese"). Every word must
    /// match within one item; a phrase in double quotes must match as a whole:
    /// minutes search goma 'M23' '"red line"'. Private items are included and
    /// marked.
    Search(SearchArgs),
    /// Show, per person, the meetings attended and the regrets sent
    Attendance(AttendanceArgs),
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

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The meeting: an id, `latest` or `next` (not with --tag)
    pub meeting: Option<String>,
    /// The kind of report: article, minutes, agenda, dossier (or an archive's own)
    #[arg(long, short = 't', default_value = "article", value_name = "KIND")]
    pub template: String,
    /// With --template dossier: the tag whose dossier to render
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// The output format: md, html, txt
    #[arg(long, short = 'f', default_value = "md", value_name = "FORMAT")]
    pub format: String,
    /// The readers' language: en, de, it ... (default: the archive's language)
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Write the report to FILE instead of stdout (a new file, unless --force)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o: replace FILE if it exists (never a file of meetings/ or minutes.toml)
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Leave private items out (articles and dossiers always do)
    #[arg(long)]
    pub public: bool,
    /// Render the meeting as it was at a revision (HEAD~2, a commit, a tag)
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the templates and phrase tables in force, and where each comes from
    List,
    /// Copy a built-in template (or lang/<lang>.toml) into the archive's templates/
    Eject(EjectArgs),
}

#[derive(Debug, Args)]
pub struct EjectArgs {
    /// The template's name, e.g. article.html or lang/de.toml
    pub name: String,
    /// Replace the archive's file if there is one
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Only open actions (the default)
    #[arg(long, conflicts_with = "all")]
    pub open: bool,
    /// Closed actions (done, dropped) too
    #[arg(long)]
    pub all: bool,
    /// Only the actions of this person (a handle from [people])
    #[arg(long, value_name = "HANDLE")]
    pub owner: Option<String>,
    /// Only open actions whose due date has passed
    #[arg(long)]
    pub overdue: bool,
}

#[derive(Debug, Args)]
pub struct TopicArgs {
    /// The tag, as in `tags = [...]` of the items
    pub tag: String,
}

#[derive(Debug, Args)]
pub struct DecisionsArgs {
    /// Only decisions of items with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only decisions taken on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Only sources of this kind: book, article, report, web ...
    #[arg(long)]
    pub kind: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find; put a phrase in double quotes
    #[arg(required = true, value_name = "QUERY")]
    pub words: Vec<String>,
    /// Search the translation into this language where a meeting has one
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct AttendanceArgs {
    /// Only meetings on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

impl Cli {
    /// Splits the command line into global settings and the command to run.
    pub fn into_parts(self) -> (Global, Color, Run) {
        let global = Global {
            dir: self.chdir.unwrap_or_else(|| PathBuf::from(".")),
            json: self.json,
            quiet: self.quiet,
            verbose: self.verbose,
            no_index: self.no_index
                || std::env::var_os("MINUTES_NO_INDEX").is_some_and(|v| v != "0"),
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
            Command::Render(a) => Run::Render(commands::render::Options {
                meeting: a.meeting,
                tag: a.tag,
                template: a.template,
                format: a.format,
                lang: a.lang,
                output: a.output,
                force: a.force,
                public: a.public,
                at: a.at,
            }),
            Command::Templates(TemplatesCommand::List) => Run::TemplatesList,
            Command::Templates(TemplatesCommand::Eject(a)) => Run::TemplatesEject {
                name: a.name,
                force: a.force,
            },
            Command::Actions(a) => Run::Actions(commands::actions::Options {
                all: a.all,
                owner: a.owner,
                overdue: a.overdue,
            }),
            Command::Topics => Run::Topics,
            Command::Topic(a) => Run::Topic { tag: a.tag },
            Command::Decisions(a) => Run::Decisions(commands::decisions::Options {
                tag: a.tag,
                since: a.since,
            }),
            Command::Sources(a) => Run::Sources { kind: a.kind },
            Command::Search(a) => Run::Search(commands::search::Options {
                words: a.words,
                lang: a.lang,
            }),
            Command::Attendance(a) => Run::Attendance { since: a.since },
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
