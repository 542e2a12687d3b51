//! One module per subcommand, each a few dozen lines over the library.
//!
//! A command receives the typed arguments of [`crate::cli`], parsed once
//! there, and the global settings; it does its work through the library and
//! prints its result. With `cli`, this is the face of the tool: the only
//! code that knows the command line.

pub mod actions;
pub mod agenda;
pub mod attendance;
pub mod blame;
pub mod check;
pub mod commit;
pub mod decisions;
pub mod diff;
pub mod edit;
pub mod forge;
mod global;
pub mod import;
pub mod init;
pub mod list;
pub mod log;
pub mod merge_file;
pub mod new;
pub mod next;
pub mod publish;
pub mod redate;
pub mod refs;
pub mod render;
pub mod search;
mod setup;
pub mod show;
pub mod site;
pub mod sources;
pub mod status;
pub mod sync;
mod table;
pub mod templates;
pub mod topics;

pub use global::Global;

use crate::cli::{AgendaCommand, Command, SetupCommand, TemplatesCommand};
use crate::error::Result;

/// Runs `command`; the exit code follows from the result.
pub fn run(global: &Global, command: Command) -> Result<()> {
    match command {
        Command::Init(args) => init::run(global, args),
        Command::New(args) => new::run(global, args),
        Command::Agenda(AgendaCommand::Add(args)) => agenda::add(global, args),
        Command::Edit(args) => edit::run(global, &args.meeting),
        Command::Check(args) => check::run(global, &args.meetings),
        Command::List(args) => list::run(global, args),
        Command::Show(args) => show::run(global, &args.meeting, args.at.as_deref()),
        Command::Next(args) => next::run(global, args.count, args.series.as_deref()),
        Command::Render(args) => render::run(global, args),
        Command::Templates(TemplatesCommand::List) => templates::list(global),
        Command::Templates(TemplatesCommand::Eject(args)) => {
            templates::eject(global, &args.name, args.force)
        }
        Command::Actions(args) => actions::run(global, args),
        Command::Topics => topics::list(global),
        Command::Topic(args) => topics::dossier(global, &args.tag),
        Command::Decisions(args) => decisions::run(global, args),
        Command::Sources(args) => sources::run(global, args.kind.as_deref()),
        Command::Search(args) => search::run(global, args),
        Command::Attendance(args) => attendance::run(global, &args),
        Command::Refs(args) => refs::run(global, args.reference.as_ref()),
        Command::Commit(args) => commit::run(global, args),
        Command::Log(args) => log::run(global, args),
        Command::Diff(args) => diff::run(global, args),
        Command::Blame(args) => blame::run(global, &args.meeting),
        Command::Redate(args) => redate::run(global, args),
        Command::Import(args) => import::run(global, args),
        Command::Status => status::run(global),
        Command::Completions(args) => setup::completions(args.shell),
        Command::Man(args) => setup::man(global, &args.dir, args.force),
        Command::Sync(args) => sync::run(global, args),
        Command::MergeFile(args) => merge_file::run(global, args),
        Command::Setup(SetupCommand::Git) => forge::git(global),
        Command::Setup(SetupCommand::Ci(args)) => forge::ci(global, args.forge, args.force),
        Command::Publish(args) => publish::run(global, args),
        Command::Site(args) => site::run(global, args),
        Command::Calendar => site::calendar(global),
    }
}
