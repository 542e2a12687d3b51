//! `minutes agenda add`: put an item on an upcoming meeting.

use super::Global;
use crate::cli::AgendaAddArgs;
use crate::edit::{self, AgendaItem};
use crate::error::{Error, Result};

pub fn add(global: &Global, options: AgendaAddArgs) -> Result<()> {
    let title = options.title.trim();
    if title.is_empty() {
        return Err(Error::usage("the item needs a title")
            .with_help("minutes agenda add \"The situation in Congo\""));
    }
    let archive = global.archive()?;
    if let Some(presenter) = &options.presenter {
        let people = &archive.config.people;
        if !people.is_empty() && !people.contains_key(presenter) {
            let handles: Vec<_> = people.keys().map(String::as_str).collect();
            return Err(Error::usage(format!(
                "`{presenter}` is not in the roster of minutes.toml"
            ))
            .with_help(format!(
                "use one of: {}, or add the person under [people]",
                handles.join(", ")
            )));
        }
    }
    // The meeting is found, read and written under the lock, so that
    // another command adding an item at the same time waits and then adds
    // to what this one wrote.
    let _lock = global.lock(&archive)?;
    let id = match &options.meeting {
        Some(meeting) => archive.resolve(meeting)?,
        None => archive.upcoming_agenda()?,
    };
    let item = AgendaItem {
        title: title.to_string(),
        id: options.id,
        tags: options.tags,
        presenter: options.presenter,
        timebox: options.timebox,
    };
    let item_id = edit::update(
        &archive.root,
        || archive.load(&id),
        |record| edit::add_agenda_item(record, &item),
    )?;
    global.note(&format!(
        "added item `{item_id}` to {id} ({})",
        id.relative_path().display()
    ));
    Ok(())
}
