//! The command line: clap definitions whose doc comments are the help text,
//! and the parsers that turn what was typed into the library's types.
//!
//! Every value is parsed here, once: a date, a meeting, a format, a language
//! that is not valid is a usage error (exit 2) that says what is valid,
//! before any file is read. The commands take these structs as they are;
//! below the commands, nothing sees clap. The types themselves (dates,
//! [`MeetingRef`], [`Lang`], [`Format`], [`Template`], [`Status`]) belong to
//! the library, which parses them with `FromStr`.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::NaiveDate;
use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::id::{Lang, MeetingRef};
use crate::import::{DateFrom, HistoryMode, ProfileChoice};
use crate::meeting::{DecisionKind, Ref, Status};
use crate::render::{Format, Template};

/// Keep the minutes of a recurring teleconference in git, and publish them.
///
/// An archive is a folder (a git repository) with a minutes.toml at its root
/// and one TOML file per meeting under meetings/<year>/. Run `minutes init`
/// to create one; `minutes new` drafts the next meeting; `minutes check`
/// validates everything.
///
/// Wherever a command takes a MEETING, it accepts an id (2025-01-28, or
/// 2025-01-28-board for a second series), `latest` (the newest meeting) or
/// `next` (the first meeting from today on).
#[derive(Debug, Parser)]
#[command(
    name = "minutes",
    version,
    max_term_width = 100,
    after_help = "Setup: `minutes completions SHELL` prints shell completions, `minutes man DIR` writes the manual pages."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
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

    /// Print long output (listings, show, log, diff) straight to the
    /// terminal, not through $MINUTES_PAGER, $PAGER or `less -FRX`
    #[arg(long, global = true)]
    pub no_pager: bool,
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
    ///
    /// What the flags leave out is asked for at a terminal (an empty answer
    /// takes the default shown), and otherwise takes its default.
    Init(InitArgs),
    /// Draft the next meeting of a series, at status "agenda"
    ///
    /// The date is the next one on the series' schedule (its period's, when
    /// the schedule changed over time) that has no meeting yet. The draft
    /// starts with the standing items and an open [[updates]] entry for each
    /// action still open; when the roster gives roles, it lists everyone
    /// with a role as [[attendees]] with their role and affiliation, for
    /// the scribe to strike out whoever does not come.
    New(NewArgs),
    /// Work on the agenda of an upcoming meeting
    #[command(subcommand)]
    Agenda(AgendaCommand),
    /// Open a meeting in $VISUAL or $EDITOR, then check it
    Edit(EditArgs),
    /// Validate minutes.toml and the meetings; report every problem
    ///
    /// Each problem is shown at its file:line:column with the line and a
    /// help: the shape of every key (with "did you mean"), dates, ids,
    /// people in the roster and listed once, attendees and guests, the
    /// schedule and its periods, cancelled calls, parents of items,
    /// references, links, translations and templates. Errors exit 1;
    /// warnings do not.
    Check(CheckArgs),
    /// List the meetings with date, status and items
    List(ListArgs),
    /// Show one meeting
    Show(ShowArgs),
    /// Show the next dates of a series, skipped dates left out
    ///
    /// Each date is on the schedule in force that day: a series whose
    /// schedule changed has periods ([[series.<name>.periods]]).
    Next(NextArgs),
    /// Render a meeting as an article, formal minutes or an agenda, or a tag's dossier
    ///
    /// The formal minutes show everyone present grouped by role with their
    /// affiliations, the links, the preamble and postscript, the items
    /// under their section headings with sub-items nested, references as
    /// links, typed decisions labelled, and "not discussed" items; a
    /// cancelled call is one line. An article leaves out what was not
    /// discussed, the links and the people.
    ///
    /// The template `<kind>.<format>` comes from the archive's templates/
    /// folder when it has one of that name, else it is built in. With
    /// --lang, the translation beside the meeting (<id>.<lang>.toml) is
    /// used, with the phrases and dates of that language; a meeting without
    /// one stays in the language it was written in, with a notice on the
    /// page and a warning. The report goes to stdout, or with -o into a
    /// file, written only once the whole report has rendered; an existing
    /// file is replaced only with --force, and never a file of the
    /// archive's meetings/ or its minutes.toml.
    ///
    /// An article says "Published on" only for a published meeting, with
    /// its publication date; any other is marked as a draft.
    ///
    /// `--template dossier --tag TAG` renders, instead of one meeting, every
    /// public item on the tag that published meetings discussed, in date
    /// order, with its notes, decisions, sources and the status of its
    /// actions, as a page for publication: private items, attendees and
    /// action owners never appear on it.
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
    /// List the decisions taken across meetings, each with its meeting, item and kind
    ///
    /// A decision is plain text, or `{ text, kind }` with the kind one of
    /// decision, resolution, consensus, vote, conclusion; --kind decision
    /// also keeps the plain ones.
    Decisions(DecisionsArgs),
    /// List every source cited across meetings (the reading list), each once
    ///
    /// Citations of the same title (ignoring case, accents, spacing and
    /// punctuation) whose author and publisher agree, where both give one, are
    /// one source.
    Sources(SourcesArgs),
    /// Search the text of the meetings: items, references, preambles and postscripts
    ///
    /// An item is searched in its title, lead, notes, decisions,
    /// references, sources and actions; the text before the first item and
    /// after the last are searched on their own.
    ///
    /// Matching ignores case and accents ("martedi" finds "martedì") and starts
    /// at the beginning of a word ("congo" finds "Congolese"). Every word must
    /// match within one item; a phrase in double quotes must match as a whole:
    /// minutes search goma 'M23' '"red line"'. Private items are included and
    /// marked.
    Search(SearchArgs),
    /// Show, per person, the meetings attended and the regrets sent
    ///
    /// Everyone in the roster and everyone a meeting names, with the roles
    /// and affiliations they came with (the meeting's [[attendees]] entry,
    /// else the roster's). Agendas and cancelled calls are not counted.
    Attendance(AttendanceArgs),
    /// List the issues and pull requests the items refer to, and when
    ///
    /// An item names them in `refs`: owner/repo#N, or an address. An address
    /// of an issue or pull request on GitHub (or on the archive's forge) is
    /// the same reference as its owner/repo#N. With REF, the meetings that
    /// listed that one reference, and whether they discussed it: minutes
    /// refs example/repo#178 answers "when did we talk about this issue?".
    /// Sources are not references: `minutes sources` lists them.
    Refs(RefsArgs),
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
    /// Bring a group's Markdown minutes in: meetings, people and git history
    ///
    /// Reads a Markdown file, a folder of them, or (--from) a git repository
    /// with its history. A profile reads each file (`--profile auto` picks
    /// the one that fits, and says so); the people of all files become one
    /// roster in minutes.toml; each file becomes meetings/<year>/<date>.toml,
    /// its notes sliced from the source as written. The report names, file by
    /// file, every line that did not end up in the meeting. From a repository,
    /// every revision of every file is replayed as a commit with its original
    /// author, date and message (--history replay). Running the same import
    /// again changes nothing. `minutes render --template source` lays an
    /// imported meeting out as its group wrote it.
    Import(ImportArgs),
    /// Where recent and upcoming meetings stand, and what is not committed yet
    Status,
    /// Print the completion script for a shell
    ///
    /// Save it where the shell looks for completions:
    ///
    /// bash: `minutes completions bash > ~/.local/share/bash-completion/completions/minutes`
    ///
    /// zsh: `minutes completions zsh > ~/.zfunc/_minutes`, with ~/.zfunc in $fpath before compinit
    ///
    /// fish: `minutes completions fish > ~/.config/fish/completions/minutes.fish`
    #[command(hide = true)]
    Completions(CompletionsArgs),
    /// Write the manual pages: minutes(1), and minutes-COMMAND(1) for each command
    ///
    /// The pages go into DIR (created if missing), e.g.
    /// `minutes man ~/.local/share/man/man1`; `man minutes` then finds them.
    #[command(hide = true)]
    Man(ManArgs),
    /// Exchange commits with the group's remote: fetch, merge meetings by meaning, push
    ///
    /// Fetches from the upstream of the current branch (or --remote), merges
    /// its commits (meeting files, translations and minutes.toml by meaning:
    /// items by id, notes line by line), and pushes. Uncommitted changes stop
    /// it (or --commit records them first). When both sides changed the same
    /// thing differently, the conflict is written into the file for you to
    /// settle and nothing is pushed; run `minutes sync` again once resolved.
    /// Fetch and push run the `git` program, with your ssh keys and
    /// credentials.
    Sync(SyncArgs),
    /// The git merge driver: merge BASE, OURS and THEIRS by meaning into OURS
    ///
    /// git runs it for meeting files once `minutes setup git` (or `minutes
    /// init`) registered it; exits 1 when conflicts are left in the file.
    #[command(name = "merge-file")]
    MergeFile(MergeFileArgs),
    /// Set up git or a forge for a group: the merge driver, a CI workflow
    #[command(subcommand)]
    Setup(SetupCommand),
    /// Publish a final meeting: status "published", its date, a commit and a tag
    ///
    /// Only a meeting at status "final" in which `minutes check` finds no
    /// error is published: its file gets `status = "published"` and
    /// `[publication] date` (today, or --date), which is committed with a
    /// message in meeting terms, and the commit gets the annotated tag
    /// `published/<id>` (the prefix is `tag_prefix` under [publication]).
    /// Other uncommitted changes to the meeting stop it. A tag never moves:
    /// a correction of a published meeting, once committed, is published
    /// again with `[publication] updated` and a tag of its own,
    /// `published/<id>-2`, `-3` ... With --sign, the tag is signed as `git
    /// tag -s` signs it (gpg.format, user.signingKey).
    Publish(PublishArgs),
    /// Build the static site of the published meetings into publication.output
    ///
    /// index.html (the meetings by year, newest first), a page per meeting
    /// (its article, and its formal minutes with --minutes or `pages` under
    /// [publication]), a tree per language that has translations (de/,
    /// it/ ...), a page per tag, the reading list and the decisions, all
    /// public items of published meetings only; feed.atom per language and
    /// sitemap.xml (with publication.url), and calendar.ics. Links inside
    /// the site are relative, so it works from a folder as well as under any
    /// address. Only files whose bytes changed are written; files an
    /// earlier build wrote and this one does not are removed (the list is
    /// in .minutes-site.json in the folder); other files are never touched.
    Site(SiteArgs),
    /// Print the calendar of the series (iCalendar), as the site's calendar.ics
    ///
    /// Every series is a recurring event in the archive's time zone, one per
    /// period of its schedule, with its skipped dates left out; import it
    /// into a calendar program or subscribe to the site's copy.
    Calendar,
}

impl Command {
    /// Whether the output may be long enough for the pager: the listings,
    /// and `show`, `log`, `diff`, `blame`, `topic`, as git pages its own.
    pub fn pages(&self) -> bool {
        matches!(
            self,
            Command::List(_)
                | Command::Show(_)
                | Command::Actions(_)
                | Command::Topics
                | Command::Topic(_)
                | Command::Decisions(_)
                | Command::Sources(_)
                | Command::Search(_)
                | Command::Attendance(_)
                | Command::Refs(_)
                | Command::Log(_)
                | Command::Diff(_)
                | Command::Blame(_)
        )
    }
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
    #[arg(long, value_name = "LANG", value_parser = parsed::<Lang>)]
    pub language: Option<Lang>,
    /// The name of the series in minutes.toml (default: from the meeting day)
    #[arg(long, value_name = "NAME", value_parser = series_name)]
    pub series: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The date of the meeting, YYYY-MM-DD (default: the next scheduled date without a meeting)
    #[arg(value_parser = date)]
    pub date: Option<NaiveDate>,
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
    /// The meeting: an id, `latest` or `next` (default: the next meeting at status "agenda")
    #[arg(long, value_name = "MEETING", value_parser = parsed::<MeetingRef>)]
    pub meeting: Option<MeetingRef>,
    /// A tag; repeat for several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Minutes set aside for the item
    #[arg(long, value_name = "MIN")]
    pub timebox: Option<u32>,
    /// Who introduces the item (a handle from [people])
    #[arg(long)]
    pub presenter: Option<String>,
    /// The item's id: lower-case letters, digits and dashes (default: from the title)
    #[arg(long, value_parser = item_id)]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The meeting: an id, `latest` or `next`
    #[arg(default_value = "latest", value_parser = parsed::<MeetingRef>)]
    pub meeting: MeetingRef,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check only these meetings: ids, `latest` or `next` (minutes.toml is always checked)
    #[arg(value_name = "MEETING", value_parser = parsed::<MeetingRef>)]
    pub meetings: Vec<MeetingRef>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only meetings with this status
    #[arg(long, value_parser = choice::<Status>(Status::NAMES))]
    pub status: Option<Status>,
    /// Only meetings of this year
    #[arg(long)]
    pub year: Option<i32>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The meeting: an id, `latest` or `next`
    #[arg(value_parser = parsed::<MeetingRef>)]
    pub meeting: MeetingRef,
    /// Show the meeting as it was at this revision (HEAD~2, a commit id, a tag)
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct CommitArgs {
    /// Commit only these meetings: ids, `latest` or `next` (default: every changed meeting)
    #[arg(value_name = "MEETING", value_parser = parsed::<MeetingRef>)]
    pub meetings: Vec<MeetingRef>,
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
    #[arg(value_parser = parsed::<MeetingRef>)]
    pub meeting: Option<MeetingRef>,
    /// Show at most N revisions
    #[arg(short = 'n', value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The meeting: an id, `latest` or `next`
    #[arg(value_parser = parsed::<MeetingRef>)]
    pub meeting: MeetingRef,
    /// Revisions (HEAD~2, a commit id, a tag): none compares HEAD with the
    /// file, one compares that revision with the file, two compare each other
    #[arg(value_name = "REV", num_args = 0..=2)]
    pub revs: Vec<String>,
}

#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The meeting: an id, `latest` or `next`
    #[arg(value_parser = parsed::<MeetingRef>)]
    pub meeting: MeetingRef,
}

#[derive(Debug, Args)]
pub struct RedateArgs {
    /// The meeting to move: an id, `latest` or `next`
    #[arg(value_parser = parsed::<MeetingRef>)]
    pub meeting: MeetingRef,
    /// The new date, YYYY-MM-DD
    #[arg(value_parser = date)]
    pub date: NaiveDate,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A Markdown file, or a folder of them (or --from REPO)
    #[arg(value_name = "FILE.md|DIR", required_unless_present = "from")]
    pub source: Option<PathBuf>,
    /// A git repository: its minutes, with their history
    #[arg(long, value_name = "REPO", conflicts_with = "source")]
    pub from: Option<PathBuf>,
    /// How files are read: auto (the profile that fits each file), or a profile
    #[arg(long, default_value = "auto", value_name = "PROFILE",
          value_parser = choice::<ProfileChoice>(ProfileChoice::NAMES))]
    pub profile: ProfileChoice,
    /// Look only at the files that match GLOB (repeatable); of them, the
    /// Markdown files whose names start with a date are imported
    #[arg(long = "path", value_name = "GLOB")]
    pub paths: Vec<String>,
    /// Leave out the files that match GLOB (repeatable)
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
    /// The series the meetings belong to (needed when the archive has several)
    #[arg(long, value_name = "NAME")]
    pub series: Option<String>,
    /// replay: each source commit as a commit (the default with --from);
    /// squash: one commit; none: the files only (the default for files)
    #[arg(long, value_name = "MODE", value_parser = choice::<HistoryMode>(HistoryMode::NAMES))]
    pub history: Option<HistoryMode>,
    /// People to name as given: a TOML file with a [people] table, as in minutes.toml
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Where a meeting's date comes from when its file name and title disagree
    #[arg(long, default_value = "file", value_name = "FROM",
          value_parser = choice::<DateFrom>(DateFrom::NAMES))]
    pub date_from: DateFrom,
    /// Say what the import would do, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write the report as JSON to FILE
    #[arg(long, value_name = "FILE.json")]
    pub report: Option<PathBuf>,
    /// Import despite uncommitted changes, and replace meetings that differ
    #[arg(long)]
    pub force: bool,
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
    #[arg(value_parser = parsed::<MeetingRef>)]
    pub meeting: Option<MeetingRef>,
    /// The kind of report: a built-in, or one the archive's templates/ adds
    #[arg(long, short = 't', default_value = "article", value_name = "KIND",
          value_parser = choice::<Template>(Template::BUILT_IN))]
    pub template: Template,
    /// With --template dossier: the tag whose dossier to render
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// The output format
    #[arg(long, short = 'f', default_value = "md", value_name = "FORMAT",
          value_parser = choice::<Format>(Format::NAMES))]
    pub format: Format,
    /// The readers' language: en, de, it ... (default: the archive's language)
    #[arg(long, value_name = "LANG", value_parser = parsed::<Lang>)]
    pub lang: Option<Lang>,
    /// Write the report to FILE instead of stdout (a new file, unless --force)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o: replace FILE if it exists (never a file of meetings/ or minutes.toml)
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Leave private items out (articles and dossiers always do)
    #[arg(long)]
    pub public: bool,
    /// With --template dossier: take unpublished meetings too (for internal use; the page says so)
    #[arg(long)]
    pub include_drafts: bool,
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
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub since: Option<NaiveDate>,
    /// Only decisions of this kind (a plain decision is a `decision`)
    #[arg(long, value_name = "KIND", value_parser = choice::<DecisionKind>(DecisionKind::NAMES))]
    pub kind: Option<DecisionKind>,
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
    #[arg(long, value_name = "LANG", value_parser = parsed::<Lang>)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct AttendanceArgs {
    /// Only meetings on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub since: Option<NaiveDate>,
    /// Count the guests too: attendees named in a meeting, not in the roster
    #[arg(long)]
    pub guests: bool,
    /// Only attendances with this role (member, observer, invited ... or the group's own words)
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
}

#[derive(Debug, Args)]
pub struct RefsArgs {
    /// One reference: owner/repo#N, or the address of an issue or pull request
    #[arg(value_name = "REF", value_parser = parsed::<Ref>)]
    pub reference: Option<Ref>,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The meeting: an id, `latest` or `next`
    #[arg(value_parser = parsed::<MeetingRef>)]
    pub meeting: MeetingRef,
    /// The publication date, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub date: Option<NaiveDate>,
    /// Sign the tag with your gpg or ssh key, as `git tag -s` does
    #[arg(long)]
    pub sign: bool,
    /// Say what would be done, and do nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to build into (default: publication.output, `public`)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Give each meeting a page of its formal minutes (public items only) too
    #[arg(long)]
    pub minutes: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write the pages into (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Replace pages that are there already
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The remote to sync with (default: the branch's upstream)
    #[arg(long, value_name = "NAME")]
    pub remote: Option<String>,
    /// Replay local commits on top of the remote's instead of merging
    #[arg(long)]
    pub rebase: bool,
    /// Record uncommitted changes first, as `minutes commit` would
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct MergeFileArgs {
    /// The common ancestor (git's %O)
    pub base: PathBuf,
    /// Our version, which receives the result (git's %A)
    pub ours: PathBuf,
    /// Their version (git's %B)
    pub theirs: PathBuf,
    /// The file's path in the repository, for messages (git's %P)
    pub path: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SetupCommand {
    /// Write .gitattributes and register the merge driver, so that `git merge`
    /// and `git pull` merge meetings by meaning
    Git,
    /// Write a CI workflow that runs `minutes check` and builds the site on every push
    Ci(CiArgs),
}

#[derive(Debug, Args)]
pub struct CiArgs {
    /// The forge: github (.github/workflows/minutes.yml) or gitlab (.gitlab-ci.yml)
    #[arg(value_enum)]
    pub forge: Forge,
    /// Replace the file if there is one
    #[arg(long)]
    pub force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Forge {
    Github,
    Gitlab,
}

/// A date as YYYY-MM-DD, in the years a meeting id can name.
fn date(text: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        refusal(
            Error::usage(format!("`{text}` is not a date"))
                .with_help("write the date as YYYY-MM-DD, e.g. 2025-03-18"),
        )
    })?;
    crate::id::nameable(date).map_err(refusal)
}

fn item_id(text: &str) -> Result<String, String> {
    slug(text, "item id")
}

fn series_name(text: &str) -> Result<String, String> {
    slug(text, "series name")
}

/// Item ids and series names are slugs.
fn slug(text: &str, what: &str) -> Result<String, String> {
    if crate::id::is_slug(text) {
        return Ok(text.to_string());
    }
    Err(refusal(
        Error::usage(format!("`{text}` is not a valid {what}")).with_help(format!(
            "use lower-case letters, digits and dashes, e.g. `{}`",
            crate::id::slug(text)
        )),
    ))
}

/// A value of a library type, through its `FromStr`.
fn parsed<T: FromStr<Err = Error>>(text: &str) -> Result<T, String> {
    text.parse().map_err(refusal)
}

/// What clap prints after "invalid value 'X' for 'ARG': ": the library's
/// message and its help line.
fn refusal(error: Error) -> String {
    match error {
        Error::Usage {
            message,
            help: Some(help),
        }
        | Error::Failed {
            message,
            help: Some(help),
        } => format!("{message}\n  help: {help}"),
        other => other.to_string(),
    }
}

/// [`parsed`], with the values that `--help` and the shell completions
/// offer. Parsing stays the library's: a template kind may also be one of
/// the archive's own.
fn choice<T>(names: &'static [&'static str]) -> Choice<T> {
    Choice {
        names,
        value: PhantomData,
    }
}

#[derive(Clone)]
struct Choice<T> {
    names: &'static [&'static str],
    value: PhantomData<fn() -> T>,
}

impl<T> TypedValueParser for Choice<T>
where
    T: FromStr<Err = Error> + Clone + Send + Sync + 'static,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let parse: fn(&str) -> Result<T, String> = parsed::<T>;
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().map(PossibleValue::new)))
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
